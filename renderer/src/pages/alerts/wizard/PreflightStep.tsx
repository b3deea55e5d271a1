import { Alert, Button, Stack, Text } from '@mantine/core';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert as AlertDto } from '@contract';
import { useApi } from '../../../api/ApiProvider';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { Loading } from '../../../components/Loading';
import { StepHeading } from '../../../components/StepHeading';
import { useLoad } from '../../../components/use-load';
import { burnPolicyText } from '../burn-text';
import { LaunchPanel } from './LaunchPanel';
import { PreflightSummary } from './PreflightSummary';
import { toAlertDraft } from './wizard-draft';
import type { WizardDraft } from './wizard-draft';

interface Props {
  draft: WizardDraft;
  launchKey: string;
  onBack: () => void;
  onLaunched: (alert: AlertDto) => void;
  onBusyChange: (busy: boolean) => void;
  busy: boolean;
}

/** Step 4: the engine's pre-flight for exactly this draft, then the launch with its countdown. */
export function PreflightStep({ draft, launchKey, onBack, onLaunched, onBusyChange, busy }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const body = useMemo(() => toAlertDraft(draft), [draft]);
  const preflight = useLoad(useCallback(() => api.call('alerts.preflight', { draft: body }), [api, body]));
  const settings = useLoad(useCallback(() => api.call('settings.get', {}), [api]));
  const pf = preflight.data;
  const fresh = Boolean(pf) && !preflight.loading;

  return (
    <Stack>
      <StepHeading order={2}>{t('wizard.preflight.heading')}</StepHeading>
      {draft.drill ? (
        <Alert color="orange" variant="light" title={t('wizard.drill.isDrill')} data-testid="launch-kind">
          {t('wizard.drill.isDrillText')}
        </Alert>
      ) : (
        <Alert color="red" variant="light" title={t('wizard.drill.isLive')} data-testid="launch-kind">
          {t('wizard.drill.isLiveText')}
        </Alert>
      )}
      {draft.burn ? (
        <Alert color="gray" variant="light" title={t('burn.label')} data-testid="preflight-burn">
          {burnPolicyText(t, draft.burn, i18n.language)}
        </Alert>
      ) : null}
      <ErrorAlert error={preflight.error} />
      {preflight.loading ? <Loading /> : null}
      {pf ? <PreflightSummary preflight={pf} channels={draft.channels} settings={settings.data?.values} /> : null}
      <Text role="status" size="sm" c="dimmed">
        {fresh && pf ? t('wizard.preflight.done', { count: pf.recipients }) : ''}
      </Text>
      <LaunchPanel
        draft={draft}
        launchKey={launchKey}
        ready={fresh && (pf?.recipients ?? 0) > 0}
        onLaunched={onLaunched}
        onBusyChange={onBusyChange}
        back={
          <Button variant="default" onClick={onBack} disabled={busy}>
            {t('wizard.back')}
          </Button>
        }
      />
    </Stack>
  );
}
