/**
 * Status callbacks of one call or message, delivered in order, one at a time, unless chaos says
 * otherwise: dropped (recorded, never sent), duplicated (same SequenceNumber and idempotency
 * token, like Twilio re-delivering), or held back and sent after the next, later status.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../log';
import type { SimulatorConfig } from './config';
import type { Rng } from './prng';
import type { CallbackKind, Recorder } from './records';
import type { Tasks } from './tasks';
import type { Params, WebhookClient } from './webhook-client';

export interface CallbackEvent {
  kind: CallbackKind;
  sid: string;
  status: string;
  sequenceNumber: number | null;
  url: string;
  method: 'GET' | 'POST';
  params: Params;
}

export interface CallbackDeps {
  client: WebhookClient;
  recorder: Recorder;
  tasks: Tasks;
  config: () => SimulatorConfig;
  log: Logger;
}

interface Queued {
  event: CallbackEvent;
  token: string;
  chaos: 'duplicate' | 'reordered' | null;
  duplicate?: boolean;
}

export class CallbackChannel {
  private tail: Promise<void> = Promise.resolve();
  private held: Queued | null = null;

  constructor(
    private readonly deps: CallbackDeps,
    private readonly rng: Rng,
  ) {}

  /** Sends `event` subject to the configured chaos; `chaos: false` for callbacks that must arrive. */
  emit(event: CallbackEvent, opts: { chaos?: boolean } = {}): void {
    const { duplicateRate, reorderRate, dropRate } = this.deps.config().chaos;
    if (opts.chaos === false) {
      this.enqueue({ event, token: randomUUID(), chaos: null });
      return;
    }
    if (this.rng.chance(dropRate)) {
      this.deps.recorder.callback({
        ...this.describe(event),
        delivered: false,
        chaos: 'dropped',
        httpStatus: null,
        error: null,
      });
      return;
    }
    const item: Queued = { event, token: randomUUID(), chaos: null, duplicate: this.rng.chance(duplicateRate) };
    if (!this.held && this.rng.chance(reorderRate)) {
      this.held = item;
      return;
    }
    this.send(item);
    if (this.held) {
      this.send({ ...this.held, chaos: 'reordered' });
      this.held = null;
    }
  }

  /** The resource reached its end: a status still held back goes out now (late, not reordered). */
  flush(): void {
    if (this.held) this.send(this.held);
    this.held = null;
  }

  private send(item: Queued): void {
    this.enqueue(item);
    if (item.duplicate) this.enqueue({ ...item, chaos: 'duplicate' });
  }

  private describe(event: CallbackEvent) {
    const { kind, sid, status, sequenceNumber, url, method, params } = event;
    return { kind, sid, status, sequenceNumber, url, method, params };
  }

  private enqueue(item: Queued): void {
    const previous = this.tail;
    let done!: () => void;
    this.tail = new Promise((resolve) => (done = resolve));
    this.deps.tasks.spawn(
      async () => {
        try {
          await previous;
          const { event } = item;
          const res = await this.deps.client.send({
            url: event.url,
            method: event.method,
            params: event.params,
            idempotencyToken: item.token,
            signal: this.deps.tasks.signal,
          });
          this.deps.recorder.callback({
            ...this.describe(event),
            delivered: true,
            chaos: item.chaos,
            httpStatus: res.status,
            error: res.error,
          });
          if (res.error || (res.status !== null && res.status >= 400)) {
            this.deps.log.warn({ sid: event.sid, status: event.status, http: res.status, error: res.error }, 'callback not accepted');
          }
        } finally {
          done();
        }
      },
      (error) => this.deps.log.error({ err: error }, 'callback delivery failed'),
    );
  }
}
