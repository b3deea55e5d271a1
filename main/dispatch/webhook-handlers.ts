/** What the carrier's webhooks mean for the ledger: statuses, digits, replies. */
import { sql } from 'drizzle-orm';
import type { Language } from '../contract';
import type { GroupCommit } from '../db/group-commit';
import type { Db } from '../db/open';
import { answerTwiml, hangupTwiml, messageTwiml } from '../webhooks/voice-twiml';
import type { WebhookHandlers } from '../webhooks/webhook-server';
import type { Ledger } from './ledger';
import { spokenText } from '../contract/message-text';
import type { CallToEnd, Outcomes } from './outcomes';

export interface WebhookDeps {
  db: Db;
  writes: GroupCommit;
  ledger: Ledger;
  outcomes: Outcomes;
  webhookBase: () => string;
  endCalls: (calls: CallToEnd[]) => void;
  touched: (alertId: number, recipientId?: number) => void;
  now: () => number;
}

const CONFIRM = /^(ja|j|ok|okej|1|yes|y)\b/i;
const DECLINE = /^(nej|n|2|no)\b/i;

export function createWebhookHandlers(d: WebhookDeps): WebhookHandlers {
  const alertOf = (attemptId: number) =>
    d.db.get<{ alert_id: number; voice_text: string; language: Language; drill: number; policy: string } | undefined>(sql`
      SELECT a.id AS alert_id, a.voice_text, a.language, a.drill, a.policy FROM alerts a
      JOIN dispatch_attempts t ON t.alert_id = a.id WHERE t.id = ${attemptId}`);

  const twimlFor = (attemptId: number, round: number) => {
    const alert = alertOf(attemptId);
    if (!alert) return hangupTwiml();
    return messageTwiml({
      text: spokenText(alert.voice_text, { drill: alert.drill === 1, language: alert.language }),
      language: alert.language,
      gatherUrl: `${d.webhookBase()}/twilio/voice/gather?attempt=${attemptId}`,
      round,
    });
  };

  const status = async (kind: 'call' | 'message', attemptId: number | null, p: Record<string, string>) => {
    const sid = kind === 'call' ? p.CallSid : p.MessageSid ?? p.SmsSid;
    const value = kind === 'call' ? p.CallStatus : p.MessageStatus ?? p.SmsStatus;
    if (!sid || !value) return;
    // Answered only after the shared commit: a 204 means the status is on disk.
    const ends = await d.writes.run(() => d.outcomes.applyStatus(
      {
        kind,
        attemptId,
        sid,
        status: value,
        sequence: p.SequenceNumber ? Number(p.SequenceNumber) : undefined,
        answeredBy: p.AnsweredBy,
        durationS: p.CallDuration ? Number(p.CallDuration) : undefined,
        errorCode: p.ErrorCode,
        payload: p,
      },
      d.now(),
    ));
    d.endCalls(ends);
    const attempt = attemptId ? d.ledger.get(attemptId) : d.ledger.bySid(sid);
    if (attempt) d.touched(attempt.alertId, attempt.recipientId);
  };

  return {
    twiml: (attemptId, p) => {
      const alert = alertOf(attemptId);
      const machine = (p.AnsweredBy ?? '').startsWith('machine');
      if (alert && machine && (JSON.parse(alert.policy) as { voicemail?: string }).voicemail === 'hang_up') return hangupTwiml();
      return twimlFor(attemptId, 1);
    },
    gather: (attemptId, p, query) => {
      const digits = (p.Digits ?? '').trim();
      const alert = alertOf(attemptId);
      const meaning = digits === '1' ? 'confirm' : digits === '2' ? 'decline' : null;
      if (!alert || !meaning) return twimlFor(attemptId, Number(query.get('round') ?? '1') || 1);
      const ends = d.outcomes.respond(attemptId, meaning, { channel: 'dtmf', from: p.To ?? '', body: digits, sid: p.CallSid }, d.now());
      d.endCalls(ends);
      d.touched(alert.alert_id, d.ledger.get(attemptId)?.recipientId);
      return answerTwiml(meaning, alert.language);
    },
    callStatus: (attemptId, p) => status('call', attemptId, p),
    amd: (attemptId, p) => {
      if (attemptId && p.AnsweredBy) d.db.run(sql`UPDATE dispatch_attempts SET answered_by = ${p.AnsweredBy} WHERE id = ${attemptId}`);
    },
    smsStatus: (attemptId, p) => status('message', attemptId, p),
    smsInbound: (p) => {
      const from = p.From ?? '';
      const body = (p.Body ?? '').trim();
      const meaning = CONFIRM.test(body) ? 'confirm' : DECLINE.test(body) ? 'decline' : null;
      // The newest open alert that texted this number is the one being answered.
      const attempt = d.db.get<{ id: number; alert_id: number } | undefined>(sql`
        SELECT t.id, t.alert_id FROM dispatch_attempts t JOIN alert_recipients r ON r.id = t.recipient_id
        JOIN alerts a ON a.id = t.alert_id
        WHERE t.e164 = ${from} AND t.channel = 'sms' AND t.purpose = 'alert' AND r.state = 'pending' AND a.state IN ('queued', 'running')
        ORDER BY t.alert_id DESC LIMIT 1`);
      if (attempt && meaning) {
        d.endCalls(d.outcomes.respond(attempt.id, meaning, { channel: 'sms', from, body, sid: p.MessageSid }, d.now()));
        d.touched(attempt.alert_id);
      } else {
        d.db.run(sql`
          INSERT OR IGNORE INTO responses (channel, from_e164, body, meaning, carrier_sid, received_at)
          VALUES ('sms', ${from}, ${body}, 'unknown', ${p.MessageSid ?? null}, ${d.now()})`);
      }
      return '<?xml version="1.0" encoding="UTF-8"?><Response/>';
    },
  };
}
