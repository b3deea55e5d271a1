import { Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group as ContactGroup } from '@contract';
import { Announcer } from '../../../components/Announcer';
import { StepHeading } from '../../../components/StepHeading';
import { RecipientFields } from './RecipientFields';
import { hasRecipients } from './wizard-draft';
import type { WizardDraft } from './wizard-draft';

interface Props {
  draft: WizardDraft;
  onChange: (draft: WizardDraft) => void;
  groups: ContactGroup[];
  checked: boolean;
}

/** Step 2: whole groups and/or single people. The engine removes duplicates in the pre-flight. */
export function RecipientsStep({ draft, onChange, groups, checked }: Props) {
  const { t } = useTranslation();
  const [announcement, setAnnouncement] = useState('');
  const missing = checked && !hasRecipients(draft) ? t('wizard.recipients.none') : undefined;

  return (
    <Stack>
      <StepHeading order={2}>{t('wizard.recipients.heading')}</StepHeading>
      <RecipientFields draft={draft} onChange={onChange} groups={groups} missing={missing} onAnnounce={setAnnouncement} />
      <Announcer message={announcement} />
    </Stack>
  );
}
