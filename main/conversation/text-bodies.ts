/**
 * The text of each SMS attempt: the alert's words with drill marking and reply hint, the
 * stand-down, or (after an answering machine took a call) the fallback text. A reply code is
 * added, and remembered, when the same number also waits for an answer to another open alert.
 */
import type { Language } from '../contract';
import { smsBody, standDownBody } from '../contract/message-text';
import type { Queryable } from '../db/store';
import type { AttemptRow } from '../dispatch/ledger-store';
import { alertTexts, otherAlertWaiting, replyCodeOf, setReplyCode } from './conversation-store';

interface AlertTexts {
  text: string;
  standDown: string;
  style: { drill: boolean; language: Language };
}

export class TextBodies {
  private readonly alerts = new Map<number, AlertTexts>();

  constructor(
    private readonly store: Queryable,
    private readonly now: () => number = Date.now,
  ) {}

  private async textsOf(alertId: number): Promise<AlertTexts> {
    let t = this.alerts.get(alertId);
    if (!t) {
      const a = await alertTexts(this.store, alertId);
      if (!a) throw new Error(`alert ${alertId}: no row`);
      // A voice-only alert still texts someone whose answering machine took the call.
      t = {
        text: a.smsText || a.voiceText,
        standDown: (JSON.parse(a.policy) as { standDownText?: string }).standDownText ?? '',
        style: { drill: a.drill, language: a.language },
      };
      this.alerts.set(alertId, t);
    }
    return t;
  }

  /** Drops an alert's texts from memory (a burn). */
  forget(alertId: number): void {
    this.alerts.delete(alertId);
  }

  async bodyFor(attempt: AttemptRow): Promise<string> {
    const t = await this.textsOf(attempt.alertId);
    if (attempt.purpose === 'stand_down') return standDownBody(t.standDown, t.style);
    return smsBody(t.text, { ...t.style, replyCode: await this.replyCode(attempt) });
  }

  /** The alert's id as the code, only when this number has another alert waiting for an answer. */
  private async replyCode(attempt: AttemptRow): Promise<string | null> {
    const existing = await replyCodeOf(this.store, attempt.recipientId);
    if (existing) return existing;
    if (!(await otherAlertWaiting(this.store, attempt.e164, attempt.alertId, this.now()))) return null;
    const code = String(attempt.alertId);
    await setReplyCode(this.store, attempt.recipientId, code);
    return code;
  }
}
