import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Template } from '@contract';
import { StepHeading } from '../../../components/StepHeading';
import { MessageFields } from './MessageFields';
import { messageProblems } from './wizard-draft';
import type { WizardDraft } from './wizard-draft';

interface Props {
  draft: WizardDraft;
  onChange: (draft: WizardDraft) => void;
  templates: Template[];
  /** The operator tried to go on: say what is missing. */
  checked: boolean;
  first: boolean;
}

/** Step 1: a template or free text, the title, and the words for each channel. */
export function MessageStep({ draft, onChange, templates, checked, first }: Props) {
  const { t } = useTranslation();
  return (
    <Stack>
      <StepHeading order={2} first={first}>
        {t('wizard.message.heading')}
      </StepHeading>
      <MessageFields draft={draft} onChange={onChange} templates={templates} problems={checked ? messageProblems(draft) : []} />
    </Stack>
  );
}
