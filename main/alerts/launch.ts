/**
 * Launching writes the alert, every recipient and every first attempt in one transaction, under
 * an idempotency key: a double click, a retried request or a crash between the two is one alert.
 */
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { AlertDraft } from '../contract';
import { appendAudit, type Actor } from '../audit/audit-log';
import type { Db } from '../db/open';
import { inTransaction, now } from '../db/tx';
import type { ResolvedTexts } from '../dispatch/preflight';
import { stageRecipients, TEXT_NUMBER, VOICE_NUMBERS } from '../dispatch/recipients';

export interface LaunchResult {
  alertId: number;
  /** False when the launch key had been used: the existing alert is returned, nothing new written. */
  created: boolean;
}

export function existingAlertId(db: Db, launchKey: string): number | null {
  return db.get<{ id: number } | undefined>(sql`SELECT id FROM alerts WHERE launch_key = ${launchKey}`)?.id ?? null;
}

export function launchAlert(
  db: Db,
  input: { launchKey: string; draft: AlertDraft; texts: ResolvedTexts; needsApproval: (recipients: number) => boolean; scheduleId?: number | null; onSimulator?: boolean },
  actor: Actor,
): LaunchResult {
  const sqlite = db.$client;
  return inTransaction(db, () => {
    const existing = existingAlertId(db, input.launchKey);
    if (existing !== null) return { alertId: existing, created: false };

    const { draft, texts } = input;
    const at = now();
    stageRecipients(db, draft.groupIds, draft.contactIds);
    const recipients = db.get<{ n: number }>(
      sql`SELECT COUNT(*) AS n FROM temp.staged_recipients s JOIN contacts c ON c.id = s.contact_id WHERE c.active = 1`,
    ).n;
    const contentSha256 = createHash('sha256').update(`${texts.voiceText}\u0000${texts.smsText}`).digest('hex');
    const alertId = Number(
      sqlite
        .prepare(
          `INSERT INTO alerts (launch_key, title, template_id, voice_text, sms_text, language, confirm_digit, decline_digit, state, drill,
             channels, policy, content_sha256, created_by, created_at, expires_at, schedule_id, on_simulator)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.launchKey,
          draft.title,
          draft.templateId ?? null,
          texts.voiceText,
          texts.smsText,
          draft.language,
          texts.confirmDigit,
          texts.declineDigit,
          input.needsApproval(recipients) ? 'pending_approval' : 'queued',
          draft.drill ? 1 : 0,
          JSON.stringify(draft.channels),
          JSON.stringify(draft.policy),
          contentSha256,
          actor.id,
          at,
          at + draft.policy.expiresAfterMinutes * 60_000,
          input.scheduleId ?? null,
          input.onSimulator === undefined ? null : input.onSimulator ? 1 : 0,
        ).lastInsertRowid,
    );
    if (draft.burn) {
      // The trail a burn leaves: the content's hash, when, and (later) who burned it.
      // 'end' learns its burn time when the call-out ends (the burner sets it from finished_at).
      const timed = draft.burn.after === 'time' || draft.burn.after === 'end';
      const burnAt = draft.burn.after === 'time' ? at + draft.burn.minutes * 60_000 : null;
      db.run(sql`
        INSERT INTO burn_messages (alert_id, burn_after, burn_at, burn_minutes, content_sha256, created_at)
        VALUES (${alertId}, ${draft.burn.after}, ${burnAt}, ${timed ? draft.burn.minutes : null}, ${contentSha256}, ${at})`);
    }
    const voice = draft.channels.includes('voice');
    const text = draft.channels.includes('sms');
    // Snapshots: the numbers escalation will try, and the number texts go to (stand-down included).
    db.run(sql`
      INSERT INTO alert_recipients (alert_id, contact_id, name, state, voice_numbers, sms_number)
      SELECT ${alertId}, c.id, c.name, 'pending', ${voice ? VOICE_NUMBERS(sql`c.id`) : sql`'[]'`}, ${TEXT_NUMBER(sql`c.id`)}
      FROM temp.staged_recipients s JOIN contacts c ON c.id = s.contact_id
      WHERE c.active = 1 ORDER BY s.pos`);
    // Nobody to call or text: recorded as unreached at once, so the report shows them.
    db.run(sql`
      UPDATE alert_recipients SET state = 'unreached'
      WHERE alert_id = ${alertId} AND voice_numbers = '[]' AND (${text ? 0 : 1} = 1 OR sms_number IS NULL)`);
    const firstAttempts = (channel: 'voice' | 'sms', number: SQL, has: SQL) =>
      db.run(sql`
        INSERT INTO dispatch_attempts (alert_id, recipient_id, channel, e164, cycle, attempt_no, state, not_before, queued_at, updated_at)
        SELECT ${alertId}, id, ${channel}, ${number}, 0, 0, 'queued', ${at}, ${at}, ${at}
        FROM alert_recipients WHERE alert_id = ${alertId} AND ${has} ORDER BY id`);
    if (voice) firstAttempts('voice', sql`json_extract(voice_numbers, '$[0]')`, sql`voice_numbers <> '[]'`);
    if (text) firstAttempts('sms', sql`sms_number`, sql`sms_number IS NOT NULL`);
    // Nobody could be reached on the chosen channels: the alert is over before it began (and
    // the report lists everyone as unreached).
    db.run(sql`
      UPDATE alerts SET state = 'completed', started_at = ${at}, finished_at = ${at}
      WHERE id = ${alertId} AND state = 'queued' AND NOT EXISTS (SELECT 1 FROM dispatch_attempts WHERE alert_id = ${alertId})`);
    appendAudit(db, actor, {
      action: 'alerts.launch',
      target: { type: 'alert', id: alertId },
      details: { title: draft.title, drill: draft.drill, channels: draft.channels, recipients, launchKey: input.launchKey },
    });
    return { alertId, created: true };
  });
}
