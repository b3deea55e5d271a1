/**
 * "Inkommande larm: <rubrik> – Öppna" among the shell's banners on every page while proposals are
 * open, and the question a source's Cancel asks. Notes, not live regions: OpenProposalsProvider's
 * announcer says a new one once. Operators open a proposal in the pre-flight; viewers see it.
 */
import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { IconBellRinging } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Proposal } from '@contract';
import { formatTime } from '../../i18n/format';
import { useCan } from '../../session/use-can';
import { CancelRequestNotice } from './CancelRequestNotice';
import { headlineOf, proposalLaunchHref, proposalsTabHref } from './proposal-href';
import { useOpenProposals } from './proposals-context';

/** The newest few; the rest are one link away (a flood of alarms must not push the page away). */
const SHOWN = 3;

/** Whether the shell has anything of ours to show (ShellBanners asks before it renders its frame). */
export function useHasProposalBanners(): boolean {
  const { open, cancelRequests } = useOpenProposals();
  return open.length > 0 || cancelRequests.length > 0;
}

export function ProposalsBanner() {
  const { t } = useTranslation();
  const { open, cancelRequests } = useOpenProposals();
  const canLaunch = useCan('alerts.launch');
  return (
    <>
      {cancelRequests.map((p) => (
        <CancelRequestNotice key={p.id} proposal={p} />
      ))}
      {open.length > 0 ? (
        <Alert
          role="note"
          color="red"
          variant="light"
          title={t('integrations.triggers.banner.label')}
          icon={<IconBellRinging aria-hidden />}
          data-testid="proposals-banner"
        >
          <Stack gap={6}>
            {open.slice(0, SHOWN).map((p) => (
              <ProposalLine key={p.id} proposal={p} canLaunch={canLaunch} />
            ))}
            <Group gap="sm">
              {open.length > SHOWN ? <Text size="sm">{t('integrations.triggers.banner.more', { count: open.length - SHOWN })}</Text> : null}
              <Anchor href={proposalsTabHref()} size="sm" c="inherit" underline="always">
                {t('integrations.triggers.banner.all')}
              </Anchor>
            </Group>
          </Stack>
        </Alert>
      ) : null}
    </>
  );
}

function ProposalLine({ proposal: p, canLaunch }: { proposal: Proposal; canLaunch: boolean }) {
  const { t, i18n } = useTranslation();
  const headline = headlineOf(p);
  return (
    <Group justify="space-between" wrap="wrap" gap="xs" data-testid="proposal-banner-line">
      <div>
        <Text fw={700}>
          {t('integrations.triggers.banner.line', { headline })}
          {p.status !== 'Actual' ? ` (${t(`integrations.triggers.status.${p.status}`)})` : ''}
        </Text>
        <Text size="sm">
          {t('integrations.triggers.banner.meta', {
            event: p.event,
            area: p.area || t('integrations.triggers.banner.noArea'),
            severity: t(`integrations.triggers.severity.${p.severity}`),
            at: formatTime(p.receivedAt, i18n.language),
          })}
        </Text>
      </div>
      {canLaunch ? (
        <Button component="a" href={proposalLaunchHref(p.id)} color="red.9" size="sm" aria-label={t('integrations.triggers.banner.openLabel', { headline })}>
          {t('integrations.triggers.banner.open')}
        </Button>
      ) : (
        <Anchor href={proposalsTabHref()} c="inherit" underline="always" aria-label={t('integrations.triggers.banner.showLabel', { headline })}>
          {t('integrations.triggers.banner.show')}
        </Anchor>
      )}
    </Group>
  );
}
