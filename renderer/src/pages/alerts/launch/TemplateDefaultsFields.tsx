import { Paper, Stack, Switch, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Group as ContactGroup } from '@contract';
import { ChannelFields } from '../wizard/ChannelFields';
import { RecipientFields } from '../wizard/RecipientFields';
import type { WizardDraft } from '../wizard/wizard-draft';

interface Props {
  enabled: boolean;
  onEnabledChange: (enabled: boolean) => void;
  /** The wizard's own draft shape; only recipients, channels, policy, burn and drill are saved. */
  draft: WizardDraft;
  onChange: (draft: WizardDraft) => void;
  groups: ContactGroup[];
  missingRecipients: string | undefined;
  channelProblem: string | undefined;
  onAnnounce: (message: string) => void;
}

/**
 * A template's quick-launch defaults, set with the wizard's own fields (recipients, channels,
 * escalation with quorum and voicemail, burn), so the template editor and the wizard can never
 * disagree on what a field means.
 */
export function TemplateDefaultsFields({ enabled, onEnabledChange, draft, onChange, groups, missingRecipients, channelProblem, onAnnounce }: Props) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" data-testid="template-defaults">
      <Stack>
        <Title order={3} size="h4">
          {t('quickLaunch.template.heading')}
        </Title>
        <Switch
          label={t('quickLaunch.template.enable')}
          description={t('quickLaunch.template.enableHint')}
          checked={enabled}
          onChange={(e) => onEnabledChange(e.currentTarget.checked)}
        />
        {enabled ? (
          <>
            <RecipientFields draft={draft} onChange={onChange} groups={groups} missing={missingRecipients} onAnnounce={onAnnounce} headingOrder={4} />
            <ChannelFields draft={draft} onChange={onChange} problemText={channelProblem} />
            <Switch
              color="orange.9"
              label={t('quickLaunch.template.drill')}
              description={t('wizard.drill.hint')}
              checked={draft.drill}
              onChange={(e) => onChange({ ...draft, drill: e.currentTarget.checked })}
            />
          </>
        ) : null}
      </Stack>
    </Paper>
  );
}
