import { Button, Checkbox, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group as ContactGroup } from '@contract';
import { Announcer } from '../../../components/Announcer';
import { StepHeading } from '../../../components/StepHeading';
import { formatCount } from '../../../i18n/format';
import { ContactPicker } from './ContactPicker';
import { hasRecipients } from './wizard-draft';
import type { WizardDraft } from './wizard-draft';

interface Props {
  draft: WizardDraft;
  onChange: (draft: WizardDraft) => void;
  groups: ContactGroup[];
  checked: boolean;
  onBack: () => void;
  onNext: () => void;
}

/** Step 2: whole groups and/or single people. The engine removes duplicates in the pre-flight. */
export function RecipientsStep({ draft, onChange, groups, checked, onBack, onNext }: Props) {
  const { t, i18n } = useTranslation();
  const [announcement, setAnnouncement] = useState('');
  const fmt = (n: number) => formatCount(n, i18n.language);
  const chosen = groups.filter((g) => draft.groupIds.includes(g.id));
  const members = chosen.reduce((sum, g) => sum + g.memberCount, 0);
  const missing = checked && !hasRecipients(draft);

  return (
    <Stack>
      <StepHeading order={2}>{t('wizard.recipients.heading')}</StepHeading>
      {groups.length > 0 ? (
        <Checkbox.Group
          label={t('wizard.recipients.groups')}
          description={t('wizard.recipients.groupsHint')}
          value={draft.groupIds.map(String)}
          onChange={(ids) => onChange({ ...draft, groupIds: ids.map(Number) })}
          error={missing ? t('wizard.recipients.none') : undefined}
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
      <Title order={3} size="h4">
        {t('wizard.recipients.contacts')}
      </Title>
      <ContactPicker picked={draft.contacts} onChange={(contacts) => onChange({ ...draft, contacts })} onAnnounce={setAnnouncement} />
      {missing && groups.length === 0 ? (
        <Text role="alert" c="var(--mantine-color-error)" size="sm">
          {t('wizard.recipients.none')}
        </Text>
      ) : null}
      <Text fw={600} data-testid="recipients-chosen">
        {t('wizard.recipients.chosen', { groups: chosen.length, members: fmt(members), contacts: draft.contacts.length })}
      </Text>
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t('wizard.back')}
        </Button>
        <Button onClick={onNext}>{t('wizard.next')}</Button>
      </Group>
      <Announcer message={announcement} />
    </Stack>
  );
}
