/** Worker thread entry: runs one backup job (backup-jobs.ts) on its own SQLite connection and answers. */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { AppError } from '../errors';
import type { BackupJob, JobReply } from './backup-jobs';
import { checkIntegrity, scrubBurnedText, selfContained } from './sqlite-backup-store';
import { verifyBackupCopy } from './verify-backup';

function run(job: BackupJob): unknown {
  switch (job.op) {
    case 'prove-copy':
      selfContained(job.file, job.nativeBinding);
      return checkIntegrity(job.file, job.nativeBinding);
    case 'verify':
      return verifyBackupCopy(job.file, job.label, job.migrationsFolder, job.nativeBinding);
    case 'scrub':
      return scrubBurnedText(job.file, job.burned, job.nativeBinding);
  }
}

let reply: JobReply;
try {
  reply = { ok: true, value: run(workerData as BackupJob), threadId };
} catch (error) {
  const e = error as Error;
  reply =
    error instanceof AppError
      ? { ok: false, threadId, error: { message: e.message, kind: error.kind, code: error.code, params: error.params } }
      : { ok: false, threadId, error: { message: e?.message ?? String(error) } };
}
parentPort!.postMessage(reply);
