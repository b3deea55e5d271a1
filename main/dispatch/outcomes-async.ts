/**
 * What happens when an attempt ends or a person answers: the next escalation step, the
 * recipient's outcome, quorum and stand-down, the alert's completion. Each entry point is one
 * unit of work (or runs inside the caller's) and returns the calls the carrier must now end
 * (done outside the unit). Over the store (outcomes-store.ts).
 */
import { escalationPolicySchema, type EscalationPolicy } from '../contract';
import type { Queryable } from '../db/store';
import { fromCarrierStatus, isFinal, movesForward, rankOf, type AttemptState } from './attempt-status';
import { nextStep } from './escalation';
import { attemptBySid, getAttempt, type AttemptRow } from './ledger-store';
import * as store from './outcomes-store';

/** A call the carrier must end now (done outside the unit that decided it). */
export interface CallToEnd {
  alertId: number;
  sid: string;
  inProgress: boolean;
}

export interface CarrierStatusEvent {
  kind: 'call' | 'message';
  attemptId: number | null;
  sid: string;
  status: string;
  sequence?: number;
  answeredBy?: string;
  durationS?: number;
  errorCode?: string;
  payload: Record<string, string>;
}

export class AsyncOutcomes {
  /** Policies never change after launch: read each once. */
  private readonly policies = new Map<number, EscalationPolicy>();

  constructor(
    private readonly db: Queryable,
    /**
     * True when nobody can press 1 in this alert's calls (no public URL: TwiML inline): then a
     * person who answered has heard the message, and calling them again only repeats it.
     */
    private readonly answerIsFinal: (alertId: number) => boolean | Promise<boolean> = () => false,
  ) {}

  private async policyOf(q: Queryable, alertId: number): Promise<EscalationPolicy> {
    let policy = this.policies.get(alertId);
    if (!policy) {
      const text = await store.alertPolicyText(q, alertId);
      if (text === undefined) throw new Error(`alert ${alertId}: no row`);
      policy = escalationPolicySchema.parse(JSON.parse(text));
      this.policies.set(alertId, policy);
    }
    return policy;
  }

  /**
   * A carrier callback or a polled status, inside the caller's unit (a group commit). Duplicates
   * and late arrivals change nothing.
   */
  async applyStatus(tx: Queryable, event: CarrierStatusEvent, now: number): Promise<CallToEnd[]> {
    const fresh = await store.recordCarrierEvent(
      tx,
      { attemptId: event.attemptId, sid: event.sid, kind: event.kind, status: event.status, sequence: event.sequence ?? null, payload: JSON.stringify(event.payload) },
      now,
    );
    if (!fresh) return [];
    const attempt = (event.attemptId !== null ? await getAttempt(tx, event.attemptId) : undefined) ?? (await attemptBySid(tx, event.sid));
    if (!attempt) return [];
    const next = fromCarrierStatus(attempt.channel, event.status);
    if (!next) return [];
    // A callback can beat the create's response (or follow a crash): it proves the SID.
    if (!attempt.carrierSid) await store.adoptSid(tx, attempt.id, event.sid);
    if (!movesForward(attempt.state, next)) return [];
    await store.advanceAttempt(
      tx,
      attempt.id,
      {
        state: next,
        rank: rankOf(next),
        final: isFinal(next),
        answeredBy: event.answeredBy ?? null,
        durationS: event.durationS ?? null,
        errorCode: event.errorCode ?? null,
      },
      now,
    );
    if (!isFinal(next)) return this.endIfUnwanted(tx, { ...attempt, state: next, carrierSid: event.sid });
    await this.afterFinal(tx, { ...attempt, state: next }, now);
    return [];
  }

  /** A call that was placed after its recipient confirmed, or its alert stopped, is ended. */
  private async endIfUnwanted(tx: Queryable, attempt: AttemptRow): Promise<CallToEnd[]> {
    if (attempt.channel !== 'voice' || attempt.purpose !== 'alert' || !attempt.carrierSid) return [];
    const wanted = (await store.alertActive(tx, attempt.alertId)) && (await store.recipientState(tx, attempt.recipientId))?.state === 'pending';
    return wanted ? [] : [{ alertId: attempt.alertId, sid: attempt.carrierSid, inProgress: attempt.state === 'in_progress' }];
  }

  /** Ends an attempt from our side (rejected by the carrier, cancelled, expired): one unit. */
  finish(attempt: AttemptRow, state: AttemptState, error: { code?: string; message?: string }, now: number): Promise<void> {
    return this.db.unit(async (tx) => {
      await store.finishAttempt(tx, attempt.id, state, rankOf(state), error, now);
      await this.afterFinal(tx, { ...attempt, state }, now);
    });
  }

  private async afterFinal(tx: Queryable, attempt: AttemptRow, now: number): Promise<void> {
    const recipient = await store.recipientState(tx, attempt.recipientId);
    // A completed call was answered (unanswered ones end busy, no-answer, failed or canceled).
    const heard =
      attempt.channel === 'voice' && attempt.state === 'completed' && (await this.answerIsFinal(attempt.alertId)) && (await store.answeredByPerson(tx, attempt.id));
    const escalate =
      attempt.channel === 'voice' && attempt.purpose === 'alert' && recipient?.state === 'pending' && !heard && (await store.alertActive(tx, attempt.alertId));
    if (escalate) {
      const numbers = JSON.parse(recipient.voiceNumbers) as string[];
      const numberIndex = Math.max(0, numbers.indexOf(attempt.e164));
      const step = nextStep(await this.policyOf(tx, attempt.alertId), numbers.length, { cycle: attempt.cycle, numberIndex, attemptNo: attempt.attemptNo });
      if (step) {
        await store.queueVoiceStep(
          tx,
          { alertId: attempt.alertId, recipientId: attempt.recipientId, e164: numbers[step.numberIndex]!, cycle: step.cycle, attemptNo: step.attemptNo, notBefore: now + step.delayMs },
          now,
        );
        return;
      }
    }
    await store.settleRecipient(tx, attempt.recipientId);
    await store.completeIfDone(tx, attempt.alertId, now);
  }

  /** Alerts past their expiry end: what has not been sent is cancelled; calls in progress finish. */
  expireDue(now: number): Promise<number[]> {
    return this.db.unit(async (tx) => {
      const due = await store.alertsPastExpiry(tx, now);
      for (const id of due) {
        await store.markAlertExpired(tx, id, now);
        await this.stopAlert(tx, id, 'larmet gick ut', now, null);
      }
      return due;
    });
  }

  /**
   * Press 1 / reply JA (confirm) or press 2 / NEJ (decline) on an attempt. Someone GDial stopped
   * trying to reach (unreached) may still answer a text while the alert has not expired.
   */
  respond(
    attemptId: number,
    meaning: 'confirm' | 'decline',
    via: { channel: 'dtmf' | 'sms'; from: string; body: string; sid?: string },
    now: number,
  ): Promise<CallToEnd[]> {
    return this.db.unit(async (tx) => {
      const attempt = await getAttempt(tx, attemptId);
      if (!attempt) return [];
      await store.recordResponse(
        tx,
        { alertId: attempt.alertId, recipientId: attempt.recipientId, attemptId: attempt.id, channel: via.channel, from: via.from, body: via.body, meaning, sid: via.sid ?? null },
        now,
      );
      const changed = await store.answerRecipient(tx, attempt.recipientId, meaning, via.channel === 'dtmf' ? 'voice' : 'sms', now);
      if (!changed) return [];
      const policy = await this.policyOf(tx, attempt.alertId);
      const ends = policy.stopOnConfirmation || meaning === 'decline' ? await this.stopRecipient(tx, attempt.recipientId, attempt.id, now) : [];
      if (meaning === 'confirm' && policy.quorum !== null) ends.push(...(await this.checkQuorum(tx, attempt.alertId, policy, now)));
      await store.completeIfDone(tx, attempt.alertId, now);
      return ends;
    });
  }

  /** Cancels what is queued for one person and returns their other live calls to end. */
  private async stopRecipient(tx: Queryable, recipientId: number, exceptAttemptId: number, now: number): Promise<CallToEnd[]> {
    await store.cancelQueued(tx, store.ofRecipient(recipientId), 'svar mottaget', now);
    return toEnd(await store.liveCalls(tx, store.ofRecipientExcept(recipientId, exceptAttemptId)));
  }

  private async checkQuorum(tx: Queryable, alertId: number, policy: EscalationPolicy, now: number): Promise<CallToEnd[]> {
    if ((await store.confirmedCount(tx, alertId)) < policy.quorum!) return [];
    return this.stopAlert(tx, alertId, 'kvorum uppnått', now, policy.standDownText);
  }

  /**
   * Stops an alert's remaining work, inside the caller's unit: queued attempts cancelled, live
   * calls returned for ending, and (for quorum) a stand-down text queued for everyone still
   * pending who can get one.
   */
  async stopAlert(tx: Queryable, alertId: number, reason: string, now: number, standDownText: string | null): Promise<CallToEnd[]> {
    await store.cancelQueued(tx, store.ofAlert(alertId), reason, now);
    const ends = toEnd(await store.liveCalls(tx, store.ofAlert(alertId)));
    if (standDownText) await store.queueStandDowns(tx, alertId, now);
    await store.cancelPendingRecipients(tx, alertId);
    await store.completeIfDone(tx, alertId, now);
    return ends;
  }
}

function toEnd(rows: store.LiveCall[]): CallToEnd[] {
  return rows
    .filter((r): r is store.LiveCall & { sid: string } => !!r.sid)
    .map((r) => ({ alertId: r.alertId, sid: r.sid, inProgress: r.state === 'in_progress' }));
}
