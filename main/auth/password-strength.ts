/**
 * Password-strength estimates off the engine's thread. One worker thread is started on first use
 * and kept while passwords are being checked (the console's live hint asks as the user types),
 * then ended after a minute without work; it never keeps the process alive. If the worker cannot
 * run (an incomplete install), the estimate is refused rather than made on the engine's thread.
 */
import type { Worker } from 'node:worker_threads';
import { AppError } from '../errors';
import { startWorker } from '../workers/worker-entry';

export interface StrengthRequest {
  id: number;
  password: string;
  userInputs: string[];
}
export type StrengthReply = { id: number; score: number; threadId: number } | { id: number; error: string; threadId: number };

export interface Strength {
  score: number;
  /** The thread that estimated it (tests prove it is not the engine's). */
  threadId: number;
}

const IDLE_MS = 60_000;
const TIMEOUT_MS = 30_000;

interface Pending {
  resolve: (s: Strength) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

let worker: Worker | null = null;
let idle: NodeJS.Timeout | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

const unavailable = (why: string) =>
  new AppError('unavailable', `Passwords cannot be checked just now (${why}); try again`, { code: 'auth.password_check_unavailable' });

function failAll(error: Error): void {
  for (const [id, p] of pending) {
    clearTimeout(p.timer);
    pending.delete(id);
    p.reject(error);
  }
}

function ensureWorker(): Worker {
  if (worker) return worker;
  const w = startWorker('password-worker');
  w.unref();
  w.on('message', (reply: StrengthReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    clearTimeout(p.timer);
    if ('score' in reply) p.resolve({ score: reply.score, threadId: reply.threadId });
    else p.reject(unavailable(reply.error));
    if (pending.size === 0) scheduleIdleStop();
  });
  w.on('error', (error) => {
    if (worker === w) worker = null;
    failAll(unavailable(String(error)));
  });
  w.on('exit', () => {
    if (worker === w) worker = null;
    failAll(unavailable('the password worker stopped'));
  });
  worker = w;
  return w;
}

function scheduleIdleStop(): void {
  if (idle) clearTimeout(idle);
  idle = setTimeout(() => {
    idle = null;
    if (pending.size > 0 || !worker) return;
    const w = worker;
    worker = null;
    void w.terminate();
  }, IDLE_MS);
  idle.unref();
}

/** zxcvbn's 0–4 score for `password`, estimated in the password worker thread. */
export function estimateStrength(password: string, userInputs: string[]): Promise<Strength> {
  if (idle) clearTimeout(idle);
  idle = null;
  return new Promise((resolve, reject) => {
    const id = nextId++;
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(unavailable('no answer in time'));
    }, TIMEOUT_MS);
    timer.unref();
    pending.set(id, { resolve, reject, timer });
    try {
      ensureWorker().postMessage({ id, password, userInputs } satisfies StrengthRequest);
    } catch (error) {
      pending.delete(id);
      clearTimeout(timer);
      reject(unavailable(String(error)));
    }
  });
}
