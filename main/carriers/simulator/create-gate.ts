/**
 * Decides what happens to a create request: refused by the account's limits or a random 429,
 * or accepted and then answered normally, with a 500 (created or not), or never (timeout).
 * Random draws are keyed by channel, number and attempt, so a retry gets a fresh draw.
 */
import type { SimulatorConfig } from './config';
import { createRng } from './prng';
import type { Channel, CreateFault } from './records';
import type { ResourceStore } from './store';

export interface Refusal {
  status: number;
  code: number;
  message: string;
  fault: CreateFault;
  headers?: Record<string, string>;
}

export type Aftermath = { kind: 'ok' } | { kind: '500'; created: boolean } | { kind: 'timeout' };

export interface Admission {
  attempt: number;
  refusal: Refusal | null;
  aftermath: Aftermath;
}

export class CreateGate {
  private readonly attempts = new Map<string, number>();
  private readonly recent: Record<Channel, number[]> = { call: [], message: [] };
  /** Account queue: when the next held create may leave the queue, per channel. */
  private readonly nextSlot: Record<Channel, number> = { call: 0, message: 0 };

  constructor(
    private readonly config: () => SimulatorConfig,
    private readonly store: ResourceStore,
  ) {}

  private tooMany(retryAfterS: number, fault: CreateFault, message = 'Too Many Requests'): Refusal {
    return { status: 429, code: 20429, message, fault, headers: { 'Retry-After': String(retryAfterS) } };
  }

  /** Called before validation, like Twilio's edge: limits and random 429s come first. */
  admit(channel: Channel, to: string, now = Date.now()): Admission {
    const config = this.config();
    const key = `${channel}:${to}`;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    const rng = createRng(config.seed, `create:${key}:${attempt}`);
    // Always draw all four, so changing one rate does not reshuffle the others' outcomes.
    const [r429, r500, rBefore, rTimeout] = [rng.next(), rng.next(), rng.next(), rng.next()];
    const { faults, limits } = config;
    const window = this.recent[channel];
    while (window.length > 0 && window[0]! <= now - 1000) window.shift();
    const perSecond = channel === 'call' ? limits.callsPerSecond : limits.messagesPerSecond;
    let refusal: Refusal | null = null;
    // With the account queue on, creates beyond the rate are accepted and held instead (see `count`).
    if (perSecond > 0 && window.length >= perSecond && !config.queue.enabled) {
      refusal = this.tooMany(1, 'rate-limit', `Too Many Requests: more than ${perSecond} ${channel} creates per second`);
    } else if (channel === 'call' && limits.maxConcurrentCalls > 0 && this.store.liveCalls >= limits.maxConcurrentCalls) {
      refusal = this.tooMany(1, 'concurrency', `Too Many Requests: ${limits.maxConcurrentCalls} concurrent calls`);
    } else if (r429 < faults.rate429) {
      refusal = this.tooMany(faults.retryAfterS, '429');
    }
    let aftermath: Aftermath = { kind: 'ok' };
    if (r500 < faults.rate500) aftermath = { kind: '500', created: rBefore < faults.createdBefore500Rate };
    else if (rTimeout < faults.rateTimeout) aftermath = { kind: 'timeout' };
    return { attempt, refusal, aftermath };
  }

  /**
   * Counts a create against the per-second limit once it passed validation. Returns how long
   * the account queue holds it (0 unless the queue is on and the rate is used up): creates
   * leave the queue one by one at the account's rate, as Twilio's do.
   */
  count(channel: Channel, now = Date.now()): number {
    this.recent[channel].push(now);
    const config = this.config();
    const perSecond = channel === 'call' ? config.limits.callsPerSecond : config.limits.messagesPerSecond;
    if (!config.queue.enabled || perSecond <= 0) return 0;
    const slot = Math.max(now, this.nextSlot[channel]);
    this.nextSlot[channel] = slot + 1000 / perSecond;
    return Math.round(slot - now);
  }

  reset(): void {
    this.attempts.clear();
    this.recent.call = [];
    this.recent.message = [];
    this.nextSlot.call = 0;
    this.nextSlot.message = 0;
  }
}
