/**
 * What a launch would do, before it does it: who is reached how, what it costs, how long the
 * first round takes at the configured pacing. Nothing is written.
 */
import type { AlertDraft, Preflight, Settings } from '../contract';
import { countSegments } from '../contract/sms-segments';
import type { Queryable } from '../db/store';
import { smsBody } from '../contract/message-text';
import { sharedStagedNumbersIn, stageRecipientsIn, summarizeStagedIn, type SharedNumbers, type StagedSummary } from './recipients-store';

export interface ResolvedTexts {
  voiceText: string;
  smsText: string;
  /** The keys a called person presses: the template's, else 1 and 2. */
  confirmDigit: string;
  declineDigit: string;
}

/** Seconds for `calls` first attempts given the pacing and how many calls may run at once. */
export function voiceEtaSeconds(calls: number, s: Pick<Settings, 'callsPerSecond' | 'maxConcurrentCalls' | 'typicalCallSeconds'>): number {
  if (calls === 0) return 0;
  const throughput = Math.min(s.callsPerSecond, s.maxConcurrentCalls / s.typicalCallSeconds);
  return calls / throughput + s.typicalCallSeconds;
}

type PreflightFigures = Omit<Preflight, 'onSimulator' | 'burnTextElsewhere'>;

/** Everything but the carrier, which the alerts service adds from the carriers that run. */
export async function preflightOn(q: Queryable, draft: AlertDraft, texts: ResolvedTexts, settings: Settings): Promise<PreflightFigures> {
  // Staged inside a unit that is rolled back: the pre-flight writes nothing.
  let staged: { summary: StagedSummary; shared: SharedNumbers } | null = null;
  try {
    await q.unit(async (tx) => {
      await stageRecipientsIn(tx, draft.groupIds, draft.contactIds);
      staged = { summary: await summarizeStagedIn(tx, draft.channels), shared: await sharedStagedNumbersIn(tx, draft.channels) };
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  const { summary, shared } = staged as unknown as { summary: StagedSummary; shared: SharedNumbers };
  return figures(summary, shared, draft, texts, settings);
}

function figures(s: StagedSummary, shared: SharedNumbers, draft: AlertDraft, texts: ResolvedTexts, settings: Settings): PreflightFigures {
  const segmentsEach = draft.channels.includes('sms') ? countSegments(smsBody(texts.smsText, draft)).segments : 0;
  const smsSegments = s.withSms * segmentsEach;
  const etaSeconds = Math.max(voiceEtaSeconds(s.withVoice, settings), smsSegments / settings.smsSegmentsPerSecond);
  const cost = (s.withVoice * settings.typicalCallSeconds * settings.pricePerCallMinute) / 60 + smsSegments * settings.pricePerSmsSegment;

  const warnings: Preflight['warnings'] = [];
  if (s.unreachable > 0)
    warnings.push({ code: 'unreachable', text: `${s.unreachable} mottagare saknar nummer för valda kanaler`, params: { count: s.unreachable } });
  if (draft.channels.includes('sms') && segmentsEach > 1)
    warnings.push({ code: 'sms_long', text: `SMS:et blir ${segmentsEach} delar per mottagare`, params: { segments: segmentsEach } });
  if (shared.example) {
    // A few names are enough to recognise the phone; the rest as a count.
    const all = shared.example.names;
    const names = all.length > 3 ? `${all.slice(0, 3).join(', ')} +${all.length - 3}` : all.join(', ');
    warnings.push({
      code: 'shared_numbers',
      text: `${shared.count} nummer delas av flera mottagare (${shared.example.e164}: ${names}); det ringer en gång per person`,
      params: { count: shared.count, number: shared.example.e164, names },
    });
  }
  if (etaSeconds > 15 * 60) warnings.push({ code: 'slow', text: 'Första omgången tar mer än 15 minuter med nuvarande takt' });
  if (s.recipients === 0) warnings.push({ code: 'empty', text: 'Inga mottagare' });
  if (!draft.drill && settings.approvalThreshold > 0 && s.recipients > settings.approvalThreshold)
    warnings.push({
      code: 'needs_approval',
      text: `Över ${settings.approvalThreshold} mottagare: en andra person måste godkänna larmet`,
      params: { threshold: settings.approvalThreshold },
    });

  return {
    ...s,
    smsSegments,
    etaSeconds: Math.round(etaSeconds),
    estimatedCost: { amount: Math.round(cost * 100) / 100, currency: settings.currency },
    warnings,
  };
}

const ROLLBACK = Symbol('rollback');
