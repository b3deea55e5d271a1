/**
 * Launching writes the alert, every recipient and every first attempt in one transaction, under
 * an idempotency key: a double click, a retried request or a crash between the two is one alert.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AlertDraft } from '../contract';
import { appendAudit, type Actor } from '../audit/audit-log';
import type { Db } from '../db/open';
import { inTransaction, now } from '../db/tx';
import type { ResolvedTexts } from '../dispatch/preflight';
import { resolveRecipients } from '../dispatch/recipients';

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
  input: { launchKey: string; draft: AlertDraft; texts: ResolvedTexts; needsApproval: (recipients: number) => boolean },
  actor: Actor,
): LaunchResult {
  const sqlite = db.$client;
  return inTransaction(db, () => {
    const existing = existingAlertId(db, input.launchKey);
    if (existing !== null) return { alertId: existing, created: false };

    const { draft, texts } = input;
    const at = now();
    const { recipients } = resolveRecipients(db, draft.groupIds, draft.contactIds, draft.channels);
    const contentSha256 = createHash('sha256').update(`${texts.voiceText}\u0000${texts.smsText}`).digest('hex');
    const alertId = Number(
      sqlite
        .prepare(
          `INSERT INTO alerts (launch_key, title, template_id, voice_text, sms_text, language, state, drill, channels, policy,
             content_sha256, created_by, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.launchKey,
          draft.title,
          draft.templateId ?? null,
          texts.voiceText,
          texts.smsText,
          draft.language,
          input.needsApproval(recipients.length) ? 'pending_approval' : 'queued',
          draft.drill ? 1 : 0,
          JSON.stringify(draft.channels),
          JSON.stringify(draft.policy),
          contentSha256,
          actor.id,
          at,
          at + draft.policy.expiresAfterMinutes * 60_000,
        ).lastInsertRowid,
    );
    const insertRecipient = sqlite.prepare(
      'INSERT INTO alert_recipients (alert_id, contact_id, name, state, voice_numbers, sms_number) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertAttempt = sqlite.prepare(
      `INSERT INTO dispatch_attempts (alert_id, recipient_id, channel, e164, cycle, attempt_no, state, not_before, queued_at, updated_at)
       VALUES (?, ?, ?, ?, 0, 0, 'queued', ?, ?, ?)`,
    );
    for (const r of recipients) {
      // Nobody to call or text: recorded as unreached at once, so the report shows them.
      const reachable = r.voice.length > 0 || r.sms !== null;
      const recipientId = Number(
        insertRecipient.run(alertId, r.contactId, r.name, reachable ? 'pending' : 'unreached', JSON.stringify(r.voice), r.textNumber).lastInsertRowid,
      );
      if (r.voice[0]) insertAttempt.run(alertId, recipientId, 'voice', r.voice[0], at, at, at);
      if (r.sms) insertAttempt.run(alertId, recipientId, 'sms', r.sms, at, at, at);
    }
    appendAudit(db, actor, {
      action: 'alerts.launch',
      target: { type: 'alert', id: alertId },
      details: { title: draft.title, drill: draft.drill, channels: draft.channels, recipients: recipients.length, launchKey: input.launchKey },
    });
    return { alertId, created: true };
  });
}
