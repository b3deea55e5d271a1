import { Alert, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Group as ContactGroup } from '@contract';
import { useApi } from '../../../api/ApiProvider';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { SimulatorNotice } from '../../../components/SimulatorNotice';
import { Loading } from '../../../components/Loading';
import { StepHeading } from '../../../components/StepHeading';
import { useLoad } from '../../../components/use-load';
import { burnPolicyText, textElsewhereLines } from '../burn-text';
import { DraftSummary } from './DraftSummary';
import type { WizardStep } from './draft-store';
import { PreflightSummary } from './PreflightSummary';
import { toAlertDraft } from './wizard-draft';
import type { WizardDraft } from './wizard-draft';

interface Props {
  draft: WizardDraft;
  groups: ContactGroup[];
  /** "Ändra" on a part of the summary: to the step that changes it. */
  onEdit: (step: WizardStep) => void;
  /** Whether Starta may be pressed: the pre-flight answered for this draft and found someone to reach. */
  /** Whether the draft may be launched now, and whether the engine says it goes to the simulator. */
  onReady: (ready: boolean, onSimulator: boolean) => void;
  busy: boolean;
  first: boolean;
}

/** Step 4: what is about to go out (each part changeable) and the engine's pre-flight for exactly this draft. */
export function PreflightStep({ draft, groups, onEdit, onReady, busy, first }: Props) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const body = useMemo(() => toAlertDraft(draft), [draft]);
  const preflight = useLoad(useCallback(() => api.call('alerts.preflight', { draft: body }), [api, body]));
  const settings = useLoad(useCallback(() => api.call('settings.get', {}), [api]));
  const pf = preflight.data;
  const fresh = Boolean(pf) && !preflight.loading;
  const ready = fresh && (pf?.recipients ?? 0) > 0;
  const onSimulator = pf?.onSimulator ?? false;
  useEffect(() => onReady(ready, onSimulator), [onReady, ready, onSimulator]);

  return (
    <Stack>
      <StepHeading order={2} first={first}>
        {t('wizard.preflight.heading')}
      </StepHeading>
      {draft.drill ? (
        <Alert color="orange" variant="light" title={t('wizard.drill.isDrill')} data-testid="launch-kind">
          {t('wizard.drill.isDrillText')}
        </Alert>
      ) : pf && !pf.onSimulator ? (
        <Alert color="red" variant="light" title={t('wizard.drill.isLive')} data-testid="launch-kind">
          {t('wizard.drill.isLiveText')}
        </Alert>
      ) : null}
      {/* The engine says where this very draft goes (a drill may go to the simulator, a live alert to Twilio). */}
      {pf?.onSimulator ? <SimulatorNotice when="preflight" /> : null}
      <DraftSummary draft={draft} groups={groups} onChange={onEdit} disabled={busy} />
      {draft.burn ? (
        <Alert color={pf?.burnTextElsewhere.length ? 'orange' : 'gray'} variant="light" title={t('burn.label')} data-testid="preflight-burn">
          {burnPolicyText(t, draft.burn, i18n.language)}
          {/* Copies of this text in templates and schedules: the engine says which the burn leaves. */}
          {textElsewhereLines(t, pf?.burnTextElsewhere ?? [], 'before', i18n.language).map((line) => (
            <Text key={line} size="sm" mt={4} data-testid="preflight-burn-elsewhere">
              {line}
            </Text>
          ))}
        </Alert>
      ) : null}
      <ErrorAlert error={preflight.error} />
      {preflight.loading ? <Loading /> : null}
      {pf ? <PreflightSummary preflight={pf} channels={draft.channels} settings={settings.data?.values} /> : null}
      <Text role="status" size="sm" c="dimmed">
        {fresh && pf ? t('wizard.preflight.done', { count: pf.recipients }) : ''}
      </Text>
    </Stack>
  );
}
