/**
 * Integrationer → Föreslagna larm: every proposal, open ones first, newest first, with what the
 * alarm said and what became of it. Operators open an open one in the pre-flight or dismiss it
 * (asked first); viewers see the list. Follows `proposals.changed`, so a new alarm appears at once.
 */
import { Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBroadcast } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Proposal } from '@contract';
import { useApi } from '../../api/ApiProvider';
import { ConfirmModal } from '../../components/ConfirmModal';
import { EmptyNotice } from '../../components/EmptyNotice';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useApiEvent } from '../../components/use-api-event';
import { useLoad } from '../../components/use-load';
import { useCan } from '../../session/use-can';
import { headlineOf } from '../../shell/proposals/proposal-href';
import { useOpenProposals } from '../../shell/proposals/proposals-context';
import { MAIN_ID } from '../../shell/SkipLink';
import { ProposalRow } from './ProposalRow';

/** Open first (they wait for someone), then the newest. */
export function proposalOrder(a: Proposal, b: Proposal): number {
  const open = Number(b.state === 'open') - Number(a.state === 'open');
  return open !== 0 ? open : b.receivedAt.localeCompare(a.receivedAt);
}

export function ProposalsPanel() {
  const { t } = useTranslation();
  const api = useApi();
  const { dismiss } = useOpenProposals();
  const canLaunch = useCan('alerts.launch');
  const canDismiss = useCan('proposals.dismiss');
  const list = useLoad(useCallback(() => api.call('proposals.list', { limit: 200 }).then((all) => [...all].sort(proposalOrder)), [api]));
  const [dismissing, setDismissing] = useState<Proposal | null>(null);
  useApiEvent('proposals.changed', () => list.reload());

  async function confirmDismiss(p: Proposal): Promise<void> {
    const done = await dismiss(p.id);
    setDismissing(null);
    list.setData((items) => items?.map((x) => (x.id === done.id ? done : x)).sort(proposalOrder));
    notifications.show({ color: 'teal', message: t('integrations.triggers.proposals.dismissed', { headline: headlineOf(p) }) });
    // Avfärda, where focus would return, is gone with the open state: the page instead.
    setTimeout(() => document.getElementById(MAIN_ID)?.focus(), 0);
  }

  return (
    <Stack>
      <Text>{t('integrations.triggers.proposals.intro')}</Text>
      {!canLaunch && !canDismiss ? <Text c="dimmed">{t('integrations.triggers.proposals.readOnly')}</Text> : null}
      <ErrorAlert error={list.error} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.length === 0 ? (
        <EmptyNotice icon={<IconBroadcast size={32} />} title={t('integrations.triggers.proposals.emptyTitle')} text={t('integrations.triggers.proposals.emptyText')} />
      ) : null}
      {list.data && list.data.length > 0 ? (
        <Table.ScrollContainer minWidth={900}>
          <Table striped aria-label={t('integrations.triggers.proposals.tableLabel')} verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('integrations.triggers.proposals.columns.state')}</Table.Th>
                <Table.Th scope="col">{t('integrations.triggers.proposals.columns.alarm')}</Table.Th>
                <Table.Th scope="col">{t('integrations.triggers.proposals.columns.source')}</Table.Th>
                <Table.Th scope="col">{t('integrations.triggers.proposals.columns.severity')}</Table.Th>
                <Table.Th scope="col">{t('integrations.triggers.proposals.columns.received')}</Table.Th>
                <Table.Th scope="col">{t('integrations.triggers.proposals.columns.rule')}</Table.Th>
                <Table.Th scope="col">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((p) => (
                <ProposalRow key={p.id} proposal={p} canLaunch={canLaunch} canDismiss={canDismiss} onDismiss={() => setDismissing(p)} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {dismissing ? (
        <ConfirmModal
          title={t('integrations.triggers.proposals.dismissTitle')}
          text={t('integrations.triggers.proposals.dismissText', { headline: headlineOf(dismissing) })}
          confirmLabel={t('integrations.triggers.proposals.dismiss')}
          onConfirm={() => confirmDismiss(dismissing)}
          onClose={() => setDismissing(null)}
        />
      ) : null}
    </Stack>
  );
}
