/**
 * Said at the top of the wizard opened from a proposal that is not open: what became of it, in the
 * engine's state word, and, once launched, a link to that alert's live view. The same words whether
 * the proposal was already closed when the wizard opened or closed while the operator had it open.
 * A note, not an alert region: the wizard says the change once in its polite live region.
 */
import { Alert, Anchor, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Proposal } from '@contract';
import { alertHref } from '../alert-href';

export type ClosedState = Exclude<Proposal['state'], 'open'>;
/** `opened`: closed before the wizard opened; `changed`: closed while it was open here. */
export type ClosedWhen = 'opened' | 'changed';

/** The notice's words as one sentence, for the live region. */
export function closedText(t: TFunction, state: ClosedState, when: ClosedWhen): string {
  const title = t('integrations.triggers.wizard.closed.title', { state: t(`integrations.triggers.states.${state}`) });
  return `${title}. ${t(`integrations.triggers.wizard.closed.${state}`)} ${t(`integrations.triggers.wizard.closed.${when}`)}`;
}

export function ProposalClosedNotice({ proposal, when }: { proposal: Proposal; when: ClosedWhen }) {
  const { t } = useTranslation();
  if (proposal.state === 'open') return null;
  const state = proposal.state;
  return (
    <Alert
      role="note"
      color="yellow"
      variant="light"
      icon={<IconAlertTriangle aria-hidden />}
      title={t('integrations.triggers.wizard.closed.title', { state: t(`integrations.triggers.states.${state}`) })}
      data-testid="proposal-not-open"
      data-state={state}
    >
      <Text size="sm" fw={600}>
        {t(`integrations.triggers.wizard.closed.${state}`)}
      </Text>
      <Text size="sm">{t(`integrations.triggers.wizard.closed.${when}`)}</Text>
      {proposal.alertId !== null ? (
        <Anchor href={alertHref(proposal.alertId)} size="sm" c="inherit" underline="always" fw={600}>
          {t('integrations.triggers.wizard.closed.viewAlert')}
        </Anchor>
      ) : null}
    </Alert>
  );
}
