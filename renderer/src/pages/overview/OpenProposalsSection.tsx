/** Översikt's "Föreslagna larm": each open inbound alarm with Öppna (to the pre-flight) for operators. */
import { Anchor, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Proposal } from '@contract';
import { Section } from '../../components/Section';
import { formatDateTime } from '../../i18n/format';
import { useCan } from '../../session/use-can';
import { headlineOf, proposalLaunchHref, proposalsTabHref } from '../../shell/proposals/proposal-href';
import { useOpenProposals } from '../../shell/proposals/proposals-context';

export function OpenProposalsSection() {
  const { t } = useTranslation();
  const { open } = useOpenProposals();
  const canLaunch = useCan('alerts.launch');
  if (open.length === 0) return null;
  return (
    <Section id="overview-proposals" title={t('integrations.triggers.overview.heading')}>
      <Text size="sm">{t('integrations.triggers.overview.intro')}</Text>
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {open.map((p) => (
          <li key={p.id}>
            <ProposalCard proposal={p} canLaunch={canLaunch} />
          </li>
        ))}
      </Stack>
      <Anchor href={proposalsTabHref()} size="sm" w="fit-content">
        {t('integrations.triggers.overview.all')}
      </Anchor>
    </Section>
  );
}

function ProposalCard({ proposal: p, canLaunch }: { proposal: Proposal; canLaunch: boolean }) {
  const { t, i18n } = useTranslation();
  const headline = headlineOf(p);
  return (
    <Card withBorder padding="sm" data-testid="overview-proposal">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <div>
          <Text fw={600}>
            {headline}
            {p.status !== 'Actual' ? ` (${t(`integrations.triggers.status.${p.status}`)})` : ''}
          </Text>
          <Text size="sm">
            {t('integrations.triggers.overview.row', {
              event: p.event,
              area: p.area || t('integrations.triggers.banner.noArea'),
              at: formatDateTime(p.receivedAt, i18n.language),
            })}
          </Text>
        </div>
        {canLaunch ? (
          <Button component="a" href={proposalLaunchHref(p.id)} color="red.9" aria-label={t('integrations.triggers.proposals.openLabel', { headline })}>
            {t('integrations.triggers.proposals.open')}
          </Button>
        ) : null}
      </Group>
    </Card>
  );
}
