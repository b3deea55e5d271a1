/**
 * The public URL the carrier is given for webhooks: opens the tunnel the settings ask for, keeps
 * every base used in this run valid for signatures, and checks the path end to end. Never throws
 * at start: GDial must start without an uplink and fall back to polling.
 */
import { createHash } from 'node:crypto';
import type { WebhookStatus } from '../contract';
import type { Logger } from '../log';
import { checkPublicUrl, type PublicUrlHealth } from './health-check';
import { createNgrokTunnel, normaliseNgrokDomain, type NgrokLike } from './ngrok-tunnel';
import { createNoTunnel, createOwnUrlTunnel } from './own-url-tunnel';
import { withoutTrailingSlash, type TunnelPort } from './tunnel-port';

export type PublicUrlStatus = Omit<WebhookStatus, 'statusMode' | 'pressToConfirm'>;
type TunnelMode = WebhookStatus['tunnel'];
type TunnelState = WebhookStatus['tunnelState'];

export interface PublicUrlOptions {
  settings: () => { tunnel: TunnelMode; publicUrl: string; ngrokDomain: string };
  ngrokAuthtoken: () => string | null;
  /** Where the receiver listens, e.g. http://127.0.0.1:7421. */
  listening: () => string;
  localPort: () => number;
  /** The carrier account's auth token: the health check is signed with it, as the carrier would sign. */
  authToken: () => string;
  onChange: (status: PublicUrlStatus) => void;
  log: Logger;
  ngrok?: NgrokLike;
  fetchImpl?: typeof fetch;
  now?: () => number;
  healthTimeoutMs?: number;
  ngrokStartTimeoutMs?: number;
}

const DROPPED = 'the ngrok connection dropped; ngrok is reconnecting (callbacks may be missed meanwhile)';

export class PublicUrl {
  private tunnel: TunnelPort | null = null;
  private mode: TunnelMode = 'off';
  private state: TunnelState = 'off';
  private error: string | null = null;
  private current: string | null = null;
  /** Every base handed to the carrier in this run: calls already in flight keep calling back to them. */
  private readonly earlier = new Set<string>();
  private health: { base: string | null; result: PublicUrlHealth } | null = null;
  private checking: Promise<PublicUrlHealth> | null = null;
  private appliedKey: string | null = null;
  /** Bumped by every start/reconfigure/stop, so a superseded one neither applies nor reports. */
  private generation = 0;
  private queue: Promise<void> = Promise.resolve();
  private lastEmitted = '';

  constructor(private readonly opts: PublicUrlOptions) {}

  private get now(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** Opens the tunnel the settings ask for. Resolves even when it fails: the failure is in status(). */
  start(): Promise<void> {
    return this.reconfigure();
  }

  /**
   * Call when the tunnel settings or the ngrok authtoken change. Unchanged settings keep the open
   * tunnel: reopening a random ngrok URL would strand every call in flight.
   */
  reconfigure(): Promise<void> {
    if (this.desiredKey() === this.appliedKey && this.state !== 'error') return this.queue;
    const generation = ++this.generation;
    // A start still waiting for ngrok (offline: up to its timeout) must not hold up the new settings.
    if (this.state === 'starting') void this.tunnel?.stop();
    return this.enqueue(() => this.apply(generation));
  }

  stop(): Promise<void> {
    const generation = ++this.generation;
    this.appliedKey = null; // a start() right after must not be taken for "unchanged"
    if (this.state === 'starting') void this.tunnel?.stop();
    return this.enqueue(async () => {
      if (generation !== this.generation) return;
      await this.closeTunnel();
      this.state = 'off';
      this.error = null;
      this.appliedKey = null;
      this.emit();
    });
  }

  base(): string | null {
    return this.current;
  }

  basesForSignature(): string[] {
    const bases = [this.current, withoutTrailingSlash(this.opts.listening()), ...this.earlier];
    return [...new Set(bases.filter((b): b is string => b !== null))];
  }

  /** Runs the end-to-end check now; concurrent callers share one request. */
  check(): Promise<PublicUrlHealth> {
    this.checking ??= this.runCheck().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  /** For the pre-flight: a result for the current base younger than maxAgeMs is reused. Null when there is no public URL. */
  async checkIfStale(maxAgeMs: number): Promise<PublicUrlHealth | null> {
    if (this.current === null) return null;
    const last = this.health;
    if (last && last.base === this.current && this.now - Date.parse(last.result.checkedAt) <= maxAgeMs) return last.result;
    return this.check();
  }

  status(): PublicUrlStatus {
    return {
      listening: this.opts.listening(),
      tunnel: this.mode,
      tunnelState: this.state,
      tunnelError: this.error,
      publicUrl: this.current,
      health: this.health?.result ?? null,
    };
  }

  private async runCheck(): Promise<PublicUrlHealth> {
    const base = this.current;
    const token = this.carrierToken();
    const failed = (error: string): PublicUrlHealth => ({ ok: false, checkedAt: new Date(this.now).toISOString(), latencyMs: null, error });
    let result: PublicUrlHealth;
    if (!base) result = failed(this.noBaseReason());
    // Without the carrier's token every check would read as a refused signature, which misleads.
    else if (!token) result = failed("the carrier's auth token is not set: the check is signed with it, as Twilio signs");
    else {
      result = await checkPublicUrl({ base, authToken: token, timeoutMs: this.opts.healthTimeoutMs, fetchImpl: this.opts.fetchImpl, now: this.opts.now });
    }
    // A result about a base that was replaced meanwhile says nothing about the current one.
    if (base === this.current) {
      this.health = { base, result };
      if (!result.ok && base) this.opts.log.warn({ publicUrl: base, reason: result.error }, 'public URL check failed');
      this.emit();
    }
    return result;
  }

  private carrierToken(): string | null {
    try {
      return this.opts.authToken() || null;
    } catch {
      return null;
    }
  }

  private noBaseReason(): string {
    if (this.state === 'starting') return 'the ngrok tunnel is still starting';
    if (this.state === 'error' && this.error) return `no public URL: ${this.error}`;
    return 'GDial has no public URL: turn on the ngrok tunnel or enter your own public URL in Inställningar → Publik adress och tunnel';
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task).catch((error: unknown) => this.opts.log.error({ err: error }, 'public URL change failed'));
    this.queue = next;
    return next;
  }

  private readToken(): { token: string | null; error: string | null } {
    try {
      return { token: this.opts.ngrokAuthtoken(), error: null };
    } catch (error) {
      return { token: null, error: `the ngrok authtoken cannot be read: ${(error as Error).message}` };
    }
  }

  /** What decides the tunnel; the authtoken only as a hash, and only when ngrok uses it. */
  private desiredKey(): string {
    const s = this.opts.settings();
    if (s.tunnel !== 'ngrok') return JSON.stringify(['own', s.publicUrl.trim()]);
    const { token, error } = this.readToken();
    const tokenHash = token ? createHash('sha256').update(token).digest('hex') : error;
    return JSON.stringify(['ngrok', normaliseNgrokDomain(s.ngrokDomain), tokenHash, this.opts.localPort()]);
  }

  private createTunnel(generation: number): TunnelPort {
    const s = this.opts.settings();
    if (s.tunnel !== 'ngrok') return s.publicUrl.trim() ? createOwnUrlTunnel(s.publicUrl) : createNoTunnel();
    const { token, error } = this.readToken();
    if (error) throw new Error(error);
    return createNgrokTunnel({
      port: this.opts.localPort(),
      authtoken: token,
      domain: s.ngrokDomain,
      ngrok: this.opts.ngrok,
      startTimeoutMs: this.opts.ngrokStartTimeoutMs,
      onConnection: (up) => this.ngrokConnection(generation, up),
    });
  }

  private ngrokConnection(generation: number, up: boolean): void {
    // Ignore the session's own "connected" while starting, and anything from a replaced tunnel.
    if (generation !== this.generation || this.state === 'starting' || this.state === 'off') return;
    if (!up && this.state === 'up') {
      this.opts.log.warn('ngrok connection dropped; it reconnects by itself');
      [this.state, this.error] = ['error', DROPPED];
    } else if (up && this.error === DROPPED) {
      this.opts.log.info('ngrok connection restored');
      [this.state, this.error] = ['up', null];
    }
    this.emit();
  }

  private async closeTunnel(): Promise<void> {
    const old = this.tunnel;
    this.tunnel = null;
    this.current = null;
    if (old) await old.stop().catch((error: unknown) => this.opts.log.warn({ err: error }, 'closing the old tunnel failed'));
  }

  private async apply(generation: number): Promise<void> {
    if (generation !== this.generation) return; // a newer request replaced this one before it began
    await this.closeTunnel();
    const settings = this.opts.settings();
    this.mode = settings.tunnel;
    this.appliedKey = this.desiredKey();
    let tunnel: TunnelPort | null = null;
    try {
      tunnel = this.createTunnel(generation);
      this.tunnel = tunnel;
      if (tunnel.mode === 'ngrok') {
        [this.state, this.error] = ['starting', null];
        this.emit();
      }
      const base = await tunnel.start();
      if (generation !== this.generation) return void (await tunnel.stop());
      this.current = base;
      if (base) this.earlier.add(base);
      [this.state, this.error] = [tunnel.mode === 'ngrok' ? 'up' : 'off', null];
      this.opts.log.info({ mode: tunnel.mode, publicUrl: base }, base ? 'public URL ready' : 'no public URL: status by polling');
    } catch (error) {
      if (generation !== this.generation) return;
      if (this.tunnel === tunnel) this.tunnel = null;
      if (tunnel) await tunnel.stop().catch(() => undefined);
      [this.state, this.error, this.current] = ['error', (error as Error).message, null];
      this.opts.log.warn({ mode: settings.tunnel, reason: this.error }, 'public URL unavailable; GDial continues without it');
    }
    if (this.health && this.health.base !== this.current) this.health = null;
    this.emit();
  }

  /** Only real changes reach the console. */
  private emit(): void {
    const status = this.status();
    const key = JSON.stringify(status);
    if (key === this.lastEmitted) return;
    this.lastEmitted = key;
    try {
      this.opts.onChange(status);
    } catch (error) {
      this.opts.log.error({ err: error }, 'public URL status listener failed');
    }
  }
}
