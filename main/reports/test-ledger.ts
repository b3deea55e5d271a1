/** For report tests: a real migrated database and a ledger written row by row with known times. */
import path from 'node:path';
import { findResourcesDir } from '../config/paths';
import type { AttemptState } from '../contract';
import { openDatabase, type OpenedDatabase } from '../db/open';
import { removeDir, tempDir } from '../test-support/engine-fixture';

export async function openTestDb(): Promise<OpenedDatabase & { close(): void }> {
  const dir = tempDir('gdial-reports-');
  const opened = await openDatabase({ file: path.join(dir, 'gdial.db'), migrationsFolder: path.join(findResourcesDir(), 'migrations') });
  return {
    ...opened,
    close: () => {
      opened.sqlite.close();
      removeDir(dir);
    },
  };
}

export interface SeedAttempt {
  channel: 'voice' | 'sms';
  state: AttemptState;
  queuedAt: number;
  purpose?: 'alert' | 'stand_down';
  e164?: string;
  sid?: string | null;
  answeredAt?: number | null;
  answeredBy?: string | null;
  finishedAt?: number | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  cycle?: number;
}

/** Writes one alert with its recipients and attempts; returns the ids. */
export function seedAlert(
  sqlite: OpenedDatabase['sqlite'],
  alert: { title: string; drill?: boolean; createdAt: number; startedAt?: number | null; state?: string; policy?: object; channels?: string[] },
  recipients: Array<{ name: string; contactId?: number | null; state?: string; confirmedAt?: number; confirmedVia?: 'voice' | 'sms'; declinedAt?: number; attempts: SeedAttempt[] }>,
): { alertId: number; recipientIds: number[]; attemptIds: number[][] } {
  return sqlite.transaction(() => seed(sqlite, alert, recipients))();
}

function seed(
  sqlite: OpenedDatabase['sqlite'],
  alert: Parameters<typeof seedAlert>[1],
  recipients: Parameters<typeof seedAlert>[2],
): ReturnType<typeof seedAlert> {
  const alertId = Number(
    sqlite
      .prepare(
        `INSERT INTO alerts (launch_key, title, state, drill, channels, policy, created_at, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        `seed-${Math.random().toString(36).slice(2)}`,
        alert.title,
        alert.state ?? 'completed',
        alert.drill ? 1 : 0,
        JSON.stringify(alert.channels ?? ['voice', 'sms']),
        JSON.stringify(alert.policy ?? {}),
        alert.createdAt,
        alert.startedAt ?? null,
      ).lastInsertRowid,
  );
  const insertRecipient = sqlite.prepare(
    `INSERT INTO alert_recipients (alert_id, contact_id, name, state, confirmed_at, confirmed_via, declined_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAttempt = sqlite.prepare(
    `INSERT INTO dispatch_attempts (alert_id, recipient_id, channel, purpose, e164, cycle, attempt_no, state, carrier_sid, answered_at, answered_by,
       error_code, error_message, not_before, queued_at, submitting_at, submitted_at, finished_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const recipientIds: number[] = [];
  const attemptIds: number[][] = [];
  let n = 0;
  for (const r of recipients) {
    const recipientId = Number(
      insertRecipient.run(alertId, r.contactId ?? null, r.name, r.state ?? 'pending', r.confirmedAt ?? null, r.confirmedVia ?? null, r.declinedAt ?? null)
        .lastInsertRowid,
    );
    recipientIds.push(recipientId);
    const ids: number[] = [];
    for (const a of r.attempts) {
      const sent = a.state !== 'queued' && a.state !== 'in_doubt';
      ids.push(
        Number(
          insertAttempt.run(
            alertId,
            recipientId,
            a.channel,
            a.purpose ?? 'alert',
            a.e164 ?? `+4670${String(recipientId).padStart(7, '0')}`,
            a.cycle ?? n++,
            0,
            a.state,
            a.sid === undefined ? (sent ? `SID${alertId}x${recipientId}x${n}` : null) : a.sid,
            a.answeredAt ?? null,
            a.answeredBy ?? null,
            a.errorCode ?? null,
            a.errorMessage ?? null,
            a.queuedAt,
            a.queuedAt,
            sent ? a.queuedAt : null,
            sent ? a.queuedAt + 100 : null,
            a.finishedAt ?? null,
            a.queuedAt,
          ).lastInsertRowid,
        ),
      );
    }
    attemptIds.push(ids);
  }
  return { alertId, recipientIds, attemptIds };
}
