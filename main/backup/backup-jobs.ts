/**
 * The slow SQLite work on backup files (integrity_check of a fresh copy, the checks before a
 * restore, scrubbing burned text) runs in a worker thread with its own better-sqlite3
 * connection, so the engine's event loop keeps serving webhooks and dispatch meanwhile. These
 * jobs are rare and seconds long: each gets a fresh worker, which also means a job that crashes
 * takes nothing else with it. The job code itself is in sqlite-backup-store.ts (the SQLite work)
 * and verify-backup.ts (what a restore refuses); backup-worker.ts is the thread's entry.
 */
import type { ErrorKind } from '../contract';
import { AppError } from '../errors';
import { startWorker } from '../workers/worker-entry';
import type { BurnedAlert } from './scrub-burned';
import type { VerifiedBackup } from './verify-backup';

export type BackupJob =
  /** Fold the copy into one file (journal_mode DELETE), then integrity_check it; the verdict. */
  | { op: 'prove-copy'; file: string; nativeBinding?: string }
  | { op: 'verify'; file: string; label: string; migrationsFolder: string; nativeBinding?: string }
  | { op: 'scrub'; file: string; burned: readonly BurnedAlert[]; nativeBinding?: string };

export interface JobResults {
  'prove-copy': string;
  verify: VerifiedBackup;
  scrub: number;
}

export type JobReply =
  | { ok: true; value: unknown; threadId: number }
  | { ok: false; threadId: number; error: { message: string; kind?: ErrorKind; code?: string; params?: Record<string, string | number> } };

/** What a job answered, and the thread that did it (tests prove it was not the engine's). */
export interface JobDone<T> {
  value: T;
  threadId: number;
}

export function runBackupJob<J extends BackupJob>(job: J): Promise<JobDone<JobResults[J['op']]>> {
  return new Promise((resolve, reject) => {
    const worker = startWorker('backup-worker', { workerData: job });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.once('message', (reply: JobReply) =>
      settle(() => {
        if (reply.ok) resolve({ value: reply.value as JobResults[J['op']], threadId: reply.threadId });
        else {
          const e = reply.error;
          // AppErrors keep their kind and code: the operator's message is the same as before.
          reject(e.kind ? new AppError(e.kind, e.message, { code: e.code, params: e.params }) : new Error(e.message));
        }
      }),
    );
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the backup worker stopped (exit code ${code}) before answering`))));
  });
}
