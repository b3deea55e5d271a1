import { Checkbox, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Group as ContactGroup } from '@contract';
import { formatCount } from '../../../i18n/format';
import { ContactPicker } from './ContactPicker';
import type { WizardDraft } from './wizard-draft';

interface Props {
  draft: WizardDraft;
  onChange: (draft: WizardDraft) => void;
  groups: ContactGroup[];
  /** Say that nobody is chosen yet (the wizard's check, or the engine's). */
  missing: string | undefined;
  onAnnounce: (message: string) => void;
  /** The level of "Enskilda kontakter" under the section the fields sit in. */
  headingOrder?: 3 | 4;
}

/** Whole groups and/or single people: the wizard's step 2 and a schedule's recipients. */
export function RecipientFields({ draft, onChange, groups, missing, onAnnounce, headingOrder = 3 }: Props) {
  const { t, i18n } = useTranslation();
  const fmt = (n: number) => formatCount(n, i18n.language);
  const chosen = groups.filter((g) => draft.groupIds.includes(g.id));
  const members = chosen.reduce((sum, g) => sum + g.memberCount, 0);
  return (
    <Stack>
      {groups.length > 0 ? (
        <Checkbox.Group
          label={t('wizard.recipients.groups')}
          description={t('wizard.recipients.groupsHint')}
          value={draft.groupIds.map(String)}
          onChange={(ids) => onChange({ ...draft, groupIds: ids.map(Number) })}
          error={missing}
        >
          <Stack gap={6} mt="xs" data-testid="group-choices">
            {groups.map((g) => (
              <Checkbox
                key={g.id}
                value={String(g.id)}
                label={g.name}
                description={t('wizard.recipients.groupCounts', { count: g.memberCount, members: fmt(g.memberCount), sms: fmt(g.smsReachableCount) })}
              />
            ))}
          </Stack>
        </Checkbox.Group>
      ) : (
        <Text c="dimmed">{t('wizard.recipients.noGroups')}</Text>
      )}
      <Title order={headingOrder} size="h4">
        {t('wizard.recipients.contacts')}
      </Title>
      <ContactPicker picked={draft.contacts} onChange={(contacts) => onChange({ ...draft, contacts })} onAnnounce={onAnnounce} />
      {missing && groups.length === 0 ? (
        <Text role="alert" c="var(--mantine-color-error)" size="sm">
          {missing}
        </Text>
      ) : null}
      <Text fw={600} data-testid="recipients-chosen">
        {t('wizard.recipients.chosen', { groups: chosen.length, members: fmt(members), contacts: draft.contacts.length })}
      </Text>
    </Stack>
  );
}
