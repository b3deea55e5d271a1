/**
 * What a launch would do, before it does it: who is reached how, what it costs, how long the
 * first round takes at the configured pacing. Nothing is written.
 */
import type { AlertDraft, Preflight, Settings } from '../contract';
import { countSegments } from '../contract/sms-segments';
import type { Db } from '../db/open';
import { smsBody } from './message-text';
import { resolveRecipients } from './recipients';

export interface ResolvedTexts {
  voiceText: string;
  smsText: string;
}

/** Seconds for `calls` first attempts given the pacing and how many calls may run at once. */
export function voiceEtaSeconds(calls: number, s: Pick<Settings, 'callsPerSecond' | 'maxConcurrentCalls' | 'typicalCallSeconds'>): number {
  if (calls === 0) return 0;
  const throughput = Math.min(s.callsPerSecond, s.maxConcurrentCalls / s.typicalCallSeconds);
  return calls / throughput + s.typicalCallSeconds;
}

export function preflight(db: Db, draft: AlertDraft, texts: ResolvedTexts, settings: Settings): Preflight {
  const { recipients, inactiveSkipped } = resolveRecipients(db, draft.groupIds, draft.contactIds, draft.channels);
  const segmentsEach = draft.channels.includes('sms') ? countSegments(smsBody(texts.smsText, draft)).segments : 0;
  const withVoice = recipients.filter((r) => r.voice.length > 0).length;
  const withSms = recipients.filter((r) => r.sms).length;
  const first = recipients.map((r) => r.numbers[0]).filter((n) => n !== undefined);
  const smsSegments = withSms * segmentsEach;
  const etaSeconds = Math.max(voiceEtaSeconds(withVoice, settings), smsSegments / settings.smsSegmentsPerSecond);
  const cost = (withVoice * settings.typicalCallSeconds * settings.pricePerCallMinute) / 60 + smsSegments * settings.pricePerSmsSegment;

  const warnings: Preflight['warnings'] = [];
  const unreachable = recipients.filter((r) => r.voice.length === 0 && !r.sms).length;
  if (unreachable > 0) warnings.push({ code: 'unreachable', text: `${unreachable} mottagare saknar nummer för valda kanaler` });
  if (draft.channels.includes('sms') && segmentsEach > 1)
    warnings.push({ code: 'sms_long', text: `SMS:et blir ${segmentsEach} delar per mottagare` });
  if (etaSeconds > 15 * 60) warnings.push({ code: 'slow', text: 'Första omgången tar mer än 15 minuter med nuvarande takt' });
  if (recipients.length === 0) warnings.push({ code: 'empty', text: 'Inga mottagare' });
  if (!draft.drill && settings.approvalThreshold > 0 && recipients.length > settings.approvalThreshold)
    warnings.push({ code: 'needs_approval', text: `Över ${settings.approvalThreshold} mottagare: en andra person måste godkänna larmet` });

  return {
    recipients: recipients.length,
    withVoice,
    withSms,
    mobile: first.filter((n) => n.kind === 'mobile').length,
    landline: first.filter((n) => n.kind === 'landline').length,
    otherNumbers: first.filter((n) => n.kind !== 'mobile' && n.kind !== 'landline').length,
    optedOut: recipients.filter((r) => r.numbers.some((n) => n.smsOptedOut)).length,
    unreachable,
    inactiveSkipped,
    smsSegments,
    etaSeconds: Math.round(etaSeconds),
    estimatedCost: { amount: Math.round(cost * 100) / 100, currency: settings.currency },
    warnings,
  };
}
