/** One proposal in Föreslagna larm: state in words, what the alarm said, and what an operator may do. */
import { Anchor, Badge, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Proposal } from '@contract';
import { formatDateTime } from '../../i18n/format';
import { alertHref } from '../alerts/alert-href';
import { headlineOf, proposalLaunchHref } from '../../shell/proposals/proposal-href';

const STATE_COLOR: Record<Proposal['state'], string> = { open: 'red', launched: 'teal', dismissed: 'gray', withdrawn: 'gray' };

interface Props {
  proposal: Proposal;
  canLaunch: boolean;
  canDismiss: boolean;
  onDismiss: () => void;
}

export function ProposalRow({ proposal: p, canLaunch, canDismiss, onDismiss }: Props) {
  const { t, i18n } = useTranslation();
  const headline = headlineOf(p);
  const open = p.state === 'open';
  return (
    <Table.Tr data-testid="proposal-row" data-state={p.state}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {/* The colour only repeats the word; the whole word, never cut short. */}
        <Badge color={STATE_COLOR[p.state]} variant="light" styles={{ root: { overflow: 'visible' }, label: { overflow: 'visible' } }}>
          {t(`integrations.triggers.states.${p.state}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          <Text fw={600}>{headline}</Text>
          <Text size="sm">
            {p.event} · {t(`integrations.triggers.msgType.${p.msgType}`)} · {t(`integrations.triggers.status.${p.status}`)}
          </Text>
          <Text size="sm">{t('integrations.triggers.proposals.areaLine', { area: p.area || '–' })}</Text>
          <Text size="sm" c="dimmed">
            {p.updates > 0 ? t('integrations.triggers.proposals.updates', { count: p.updates }) : t('integrations.triggers.proposals.noUpdates')}
          </Text>
          {p.cancelRequested ? (
            <Text size="sm" fw={700}>
              {t('integrations.triggers.proposals.cancelRequested')}
            </Text>
          ) : null}
          {open && !p.draft ? <Text size="sm">{t('integrations.triggers.proposals.noDraft')}</Text> : null}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{p.sourceKey}</Text>
        <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {t('integrations.triggers.proposals.senderLine', { sender: p.sender })}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {t(`integrations.triggers.severity.${p.severity}`)} · {t(`integrations.triggers.urgency.${p.urgency}`)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatDateTime(p.receivedAt, i18n.language)}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{p.ruleName ?? t('integrations.triggers.proposals.noRule')}</Text>
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          {open && canLaunch ? (
            <Button component="a" href={proposalLaunchHref(p.id)} color="red.9" size="compact-sm" aria-label={t('integrations.triggers.proposals.openLabel', { headline })}>
              {t('integrations.triggers.proposals.open')}
            </Button>
          ) : null}
          {open && canDismiss ? (
            <Button variant="default" size="compact-sm" onClick={onDismiss} aria-label={t('integrations.triggers.proposals.dismissLabel', { headline })}>
              {t('integrations.triggers.proposals.dismiss')}
            </Button>
          ) : null}
          {p.alertId !== null ? (
            <Anchor href={alertHref(p.alertId)} size="sm" aria-label={t('integrations.triggers.proposals.viewAlertLabel', { headline })}>
              {t('integrations.triggers.proposals.viewAlert')}
            </Anchor>
          ) : null}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
