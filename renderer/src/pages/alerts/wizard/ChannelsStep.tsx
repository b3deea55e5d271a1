import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { StepHeading } from '../../../components/StepHeading';
import { ChannelFields } from './ChannelFields';
import { channelProblems } from './wizard-draft';
import type { WizardDraft } from './wizard-draft';

interface Props {
  draft: WizardDraft;
  onChange: (draft: WizardDraft) => void;
  checked: boolean;
}

/** Step 3: how people are reached, how hard GDial tries, and whether the message burns. */
export function ChannelsStep({ draft, onChange, checked }: Props) {
  const { t } = useTranslation();
  const problems = checked ? channelProblems(draft) : [];
  const problemText = problems.map((p) => t(`wizard.channels.missing.${p}`)).join(' ');

  return (
    <Stack>
      <StepHeading order={2}>{t('wizard.channels.heading')}</StepHeading>
      <ChannelFields draft={draft} onChange={onChange} problemText={problemText || undefined} />
    </Stack>
  );
}
