/** Messages between the engine and the contact-file parse worker (structured clone, no JSON). */
import type { AppErrorShape } from '../../contract';
import type { ColumnMapping, ImportLimits, ReadFile } from '../files/types';
import type { PreparedRecord } from '../import-planner';

export interface ParseJob {
  /** The file's bytes, transferred (not copied) to the worker. */
  bytes: Uint8Array;
  fileName: string;
  mapping?: ColumnMapping[];
  limits: ImportLimits;
}

export type FileMeta = Omit<ReadFile, 'records'>;

export type WorkerMessage =
  | { t: 'progress'; phase: 'reading' | 'checking'; done: number; total: number }
  /** The file was read; `total` rows follow in `rows` batches. */
  | { t: 'meta'; meta: FileMeta; total: number; threadId: number }
  | { t: 'rows'; rows: PreparedRecord[] }
  | { t: 'done' }
  | { t: 'refused'; error: AppErrorShape }
  | { t: 'failed'; message: string };

/**
 * Rows per message: each batch is deserialised on the engine's thread as a task of its own, so a
 * 200,000-row file arrives in slices that other work (dispatch, webhooks) runs between.
 */
export const ROWS_PER_MESSAGE = 2000;
