/**
 * The text of each SMS attempt: the alert's words with drill marking and reply hint, the
 * stand-down, or (after an answering machine took a call) the fallback text. A reply code is
 * added, and remembered, when the same number also waits for an answer to another open alert.
 */
import { sql } from 'drizzle-orm';
import type { Language } from '../contract';
import { smsBody, standDownBody } from '../contract/message-text';
import type { Db } from '../db/open';
import type { AttemptRow } from '../dispatch/ledger';

interface AlertTexts {
  text: string;
  standDown: string;
  style: { drill: boolean; language: Language };
}

// Legacy twin until every caller is async (issue 13): TextBodies in text-bodies.ts.
export class SmsTexts {
  private readonly alerts = new Map<number, AlertTexts>();
  private readonly stmt;

  constructor(private readonly db: Db) {
    const sqlite = db.$client;
    this.stmt = {
      // Alerts take answers until they expire (see sms-replies.ts): those are the ones to tell apart.
      openAlerts: sqlite.prepare(`
        SELECT COUNT(*) AS n FROM alerts WHERE state IN ('queued', 'running', 'completed') AND (expires_at IS NULL OR expires_at > ?)`),
      otherWaiting: sqlite.prepare(`
        SELECT 1 FROM dispatch_attempts t
        JOIN alert_recipients r ON r.id = t.recipient_id
        JOIN alerts a ON a.id = t.alert_id
        WHERE t.e164 = ? AND t.channel = 'sms' AND t.purpose = 'alert' AND t.alert_id <> ?
          AND r.state IN ('pending', 'unreached') AND a.state IN ('queued', 'running', 'completed')
          AND (a.expires_at IS NULL OR a.expires_at > ?) LIMIT 1`),
      code: sqlite.prepare('SELECT reply_code AS code FROM alert_recipients WHERE id = ?'),
      setCode: sqlite.prepare('UPDATE alert_recipients SET reply_code = ? WHERE id = ?'),
    };
  }

  private textsOf(alertId: number): AlertTexts {
    let t = this.alerts.get(alertId);
    if (!t) {
      const a = this.db.get<{ sms_text: string; voice_text: string; drill: number; language: Language; policy: string }>(
        sql`SELECT sms_text, voice_text, drill, language, policy FROM alerts WHERE id = ${alertId}`,
      );
      // A voice-only alert still texts someone whose answering machine took the call.
      t = {
        text: a.sms_text || a.voice_text,
        standDown: (JSON.parse(a.policy) as { standDownText?: string }).standDownText ?? '',
        style: { drill: a.drill === 1, language: a.language },
      };
      this.alerts.set(alertId, t);
    }
    return t;
  }

  /** Drops an alert's texts from memory (a burn). */
  forget(alertId: number): void {
    this.alerts.delete(alertId);
  }

  bodyFor(attempt: AttemptRow): string {
    const t = this.textsOf(attempt.alertId);
    if (attempt.purpose === 'stand_down') return standDownBody(t.standDown, t.style);
    return smsBody(t.text, { ...t.style, replyCode: this.replyCode(attempt) });
  }

  /** The alert's id as the code, only when this number has another alert waiting for an answer. */
  private replyCode(attempt: AttemptRow): string | null {
    const existing = (this.stmt.code.get(attempt.recipientId) as { code: string | null } | undefined)?.code;
    if (existing) return existing;
    const now = Date.now();
    if ((this.stmt.openAlerts.get(now) as { n: number }).n < 2) return null;
    if (!this.stmt.otherWaiting.get(attempt.e164, attempt.alertId, now)) return null;
    const code = String(attempt.alertId);
    this.stmt.setCode.run(code, attempt.recipientId);
    return code;
  }
}
