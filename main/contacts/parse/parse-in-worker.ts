/**
 * The engine's side of the parse worker: start one thread per file, pass the bytes over (moved,
 * not copied), relay progress, collect the rows, and end the thread when the job is answered,
 * abandoned or the engine stops. At most MAX_PARSES run at once: the machine's cores also carry
 * dispatch, speech and the database.
 */
import { AppError } from '../../errors';
import { startWorker } from '../../workers/worker-entry';
import type { PreparedRecord } from '../import-planner';
import type { FileMeta, ParseJob, WorkerMessage } from './parse-protocol';

const MAX_PARSES = 2;

export interface ParsedFile {
  meta: FileMeta;
  prepared: PreparedRecord[];
  /** The worker thread that did the work (never the engine's own thread). */
  threadId: number;
}

export type ParseProgress = (phase: 'reading' | 'checking', done: number, total: number) => void;

export class ParseWorkers {
  private readonly running = new Set<() => void>();

  get active(): number {
    return this.running.size;
  }

  parse(job: ParseJob, onProgress: ParseProgress): Promise<ParsedFile> {
    if (this.running.size >= MAX_PARSES) {
      return Promise.reject(
        new AppError('conflict', 'Other imports are being read right now; try again in a moment', { code: 'import.busy' }),
      );
    }
    const worker = startWorker('contact-parse-worker');
    return new Promise<ParsedFile>((resolve, reject) => {
      let meta: { meta: FileMeta; total: number; threadId: number } | null = null;
      const prepared: PreparedRecord[] = [];
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        this.running.delete(stop);
        void worker.terminate();
        outcome();
      };
      const stop = () =>
        finish(() => reject(new AppError('unavailable', 'The engine is stopping; the file was not read', { code: 'import.stopped' })));
      this.running.add(stop);

      worker.on('message', (message: WorkerMessage) => {
        switch (message.t) {
          case 'progress':
            onProgress(message.phase, message.done, message.total);
            break;
          case 'meta':
            meta = message;
            break;
          case 'rows':
            for (const row of message.rows) prepared.push(row);
            break;
          case 'done':
            finish(() =>
              meta
                ? resolve({ meta: meta.meta, prepared, threadId: meta.threadId })
                : reject(new Error('the parse worker finished without reading the file')),
            );
            break;
          case 'refused': {
            const { kind, message: text, code, params } = message.error;
            finish(() => reject(new AppError(kind, text, { code, params })));
            break;
          }
          case 'failed':
            finish(() => reject(new Error(`the parse worker failed: ${message.message}`)));
            break;
        }
      });
      worker.once('error', (error) => finish(() => reject(error)));
      worker.once('exit', (code) => finish(() => reject(new Error(`the parse worker ended early (exit code ${code})`))));
      worker.postMessage(job, [job.bytes.buffer as ArrayBuffer]);
    });
  }

  /** Ends every running parse (engine stop). */
  close(): void {
    for (const stop of [...this.running]) stop();
  }
}
