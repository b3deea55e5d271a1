/**
 * Launching writes the alert, every recipient and every first attempt in one unit of work, under
 * an idempotency key: a double click, a retried request or a crash between the two is one alert.
 */
import { createHash } from 'node:crypto';
import type { AlertDraft } from '../contract';
import { recordAudit, type Actor } from '../audit/audit-log';
import { isUniqueViolation } from '../db/constraint-errors';
import type { Queryable } from '../db/store';
import { now } from '../db/tx';
import type { ResolvedTexts } from '../dispatch/preflight';
import { stageRecipientsIn } from '../dispatch/recipients-store';
import { launchProposalIn } from '../integrations/triggers/proposal-launch';
import {
  alertIdByLaunchKey,
  completeIfNothingQueued,
  countStagedActive,
  insertAlert,
  insertBurnMessage,
  insertFirstAttempts,
  insertRecipientsFromStaged,
} from './alerts-store';

export interface LaunchResult {
  alertId: number;
  /** False when the launch key had been used: the existing alert is returned, nothing new written. */
  created: boolean;
}

export interface LaunchInput {
  launchKey: string;
  draft: AlertDraft;
  texts: ResolvedTexts;
  needsApproval: (recipients: number) => boolean;
  scheduleId?: number | null;
  onSimulator?: boolean;
  /** The proposal (an inbound alarm) this launch answers: marked launched with the alert, in this unit. */
  proposalId?: number;
}

export async function launchAlert(store: Queryable, input: LaunchInput, actor: Actor): Promise<LaunchResult> {
  try {
    return await store.unit((tx) => launchIn(tx, input, actor));
  } catch (error) {
    // Units are serialised, so the key is found above; should another writer still have taken
    // it in between (a unique violation), the launch is that one's, as if found.
    if (isUniqueViolation(error, 'launch_key')) {
      const existing = await alertIdByLaunchKey(store, input.launchKey);
      if (existing !== null) return { alertId: existing, created: false };
    }
    throw error;
  }
}

async function launchIn(tx: Queryable, input: LaunchInput, actor: Actor): Promise<LaunchResult> {
  const existing = await alertIdByLaunchKey(tx, input.launchKey);
  if (existing !== null) return { alertId: existing, created: false };

  const { draft, texts } = input;
  const at = now();
  await stageRecipientsIn(tx, draft.groupIds, draft.contactIds);
  const recipients = await countStagedActive(tx);
  const contentSha256 = createHash('sha256').update(`${texts.voiceText}\u0000${texts.smsText}`).digest('hex');
  const alertId = await insertAlert(tx, {
    launchKey: input.launchKey,
    title: draft.title,
    templateId: draft.templateId ?? null,
    voiceText: texts.voiceText,
    smsText: texts.smsText,
    language: draft.language,
    confirmDigit: texts.confirmDigit,
    declineDigit: texts.declineDigit,
    state: input.needsApproval(recipients) ? 'pending_approval' : 'queued',
    drill: draft.drill,
    channels: JSON.stringify(draft.channels),
    policy: JSON.stringify(draft.policy),
    contentSha256,
    createdBy: actor.id,
    createdAt: at,
    expiresAt: at + draft.policy.expiresAfterMinutes * 60_000,
    scheduleId: input.scheduleId ?? null,
    onSimulator: input.onSimulator ?? null,
  });
  // A proposal that is not open refuses the launch (throwing rolls the alert back).
  if (input.proposalId !== undefined) await launchProposalIn(tx, input.proposalId, alertId, at);
  if (draft.burn) {
    // The trail a burn leaves: the content's hash, when, and (later) who burned it.
    // 'end' learns its burn time when the call-out ends (the burner sets it from finished_at).
    const timed = draft.burn.after === 'time' || draft.burn.after === 'end';
    await insertBurnMessage(tx, {
      alertId,
      after: draft.burn.after,
      burnAt: draft.burn.after === 'time' ? at + draft.burn.minutes * 60_000 : null,
      minutes: timed ? draft.burn.minutes : null,
      contentSha256,
      createdAt: at,
    });
  }
  const voice = draft.channels.includes('voice');
  const text = draft.channels.includes('sms');
  // Snapshots: the numbers escalation will try, and the number texts go to (stand-down included);
  // nobody to call or text is recorded as unreached at once, so the report shows them.
  await insertRecipientsFromStaged(tx, alertId, voice, text);
  if (voice) await insertFirstAttempts(tx, alertId, 'voice', at);
  if (text) await insertFirstAttempts(tx, alertId, 'sms', at);
  // Nobody could be reached on the chosen channels: the alert is over before it began (and
  // the report lists everyone as unreached).
  await completeIfNothingQueued(tx, alertId, at);
  await recordAudit(tx, actor, {
    action: 'alerts.launch',
    target: { type: 'alert', id: alertId },
    details: { title: draft.title, drill: draft.drill, channels: draft.channels, recipients, launchKey: input.launchKey, ...(input.proposalId !== undefined ? { proposalId: input.proposalId } : {}) },
  });
  return { alertId, created: true };
}
