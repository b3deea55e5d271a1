import { Button, Table } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group as ContactGroup } from '@contract';
import { policySummary } from './ChannelFields';
import type { WizardStep } from './draft-store';
import type { WizardDraft } from './wizard-draft';

interface Props {
  draft: WizardDraft;
  groups: ContactGroup[];
  /** Jumps to the step that changes this part; the pre-flight runs again on the way back. */
  onChange: (step: WizardStep) => void;
  disabled: boolean;
}

/** The pre-flight's "what you are about to send", each part with its own "Ändra". */
export function DraftSummary({ draft, groups, onChange, disabled }: Props) {
  const { t, i18n } = useTranslation();
  const groupNames = groups.filter((g) => draft.groupIds.includes(g.id)).map((g) => g.name);
  const people = [...groupNames, ...draft.contacts.map((c) => c.name)].join(', ');
  const channels = draft.channels.map((c) => t(c === 'voice' ? 'wizard.channels.voice' : 'wizard.channels.sms')).join(' + ');
  const rows: [string, ReactNode, WizardStep, string][] = [
    [t('quickLaunch.summary.message'), draft.title || t('quickLaunch.untitled'), 0, 'message'],
    [t('quickLaunch.summary.recipients'), people || '–', 1, 'recipients'],
    [t('quickLaunch.summary.channels'), `${channels}. ${policySummary(t, draft.policy, i18n.language)}`, 2, 'channels'],
  ];
  return (
    <Table className="gdial-kv" withTableBorder variant="vertical" aria-label={t('quickLaunch.summary.label')} data-testid="draft-summary">
      <Table.Tbody>
        {rows.map(([label, value, step, key]) => (
          <Table.Tr key={key}>
            <Table.Th scope="row">{label}</Table.Th>
            <Table.Td data-testid={`summary-${key}`}>{value}</Table.Td>
            <Table.Td w={1}>
              <Button variant="subtle" size="compact-sm" onClick={() => onChange(step)} disabled={disabled} aria-label={t('quickLaunch.changeLabel', { what: label.toLowerCase() })}>
                {t('quickLaunch.change')}
              </Button>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
