/**
 * Which carriers the engine talks to, built from settings and secrets: the built-in simulator,
 * a simulator elsewhere, or Twilio (plus the simulator for drills when they must never reach a
 * real phone). Twilio's account and token apply without a restart, and an engine configured
 * for Twilio starts even when they are missing or the uplink is down: attempts then wait.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, startSimulator, type Simulator, type SimulatorConfigPatch } from '../carriers/simulator';
import { CarrierError, type CarrierPort } from '../carriers/carrier-port';
import { createTwilioAdapter } from '../carriers/twilio-adapter';
import { carrierKindsOf } from './carrier-status';
import type { CarrierKinds } from '../contract';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets/secret-store';
import type { SettingsService } from '../settings/settings-service';

/** Millisecond timings: a drill of a hundred people completes in seconds (tests, demonstrations). */
const FAST_SIMULATOR: SimulatorConfigPatch = {
  latencyMs: { min: 5, max: 30 },
  ringMs: { min: 50, max: 300 },
  talkMs: { min: 20, max: 60 },
  timeScale: 0.05,
};

/** A carrier whose account can change while the engine runs; old tokens stay valid for callbacks. */
export class SwitchableCarrier implements CarrierPort {
  private readonly retired: string[] = [];

  constructor(private current: CarrierPort) {}

  get account() {
    return this.current.account;
  }
  get authToken() {
    return this.current.authToken;
  }
  get local() {
    return this.current.local;
  }
  /** Every token that may sign a callback: the current one and those of calls still in flight. */
  tokens(): string[] {
    return [this.current.authToken, ...this.retired].filter(Boolean);
  }
  replace(next: CarrierPort): void {
    if (this.current.authToken && !this.retired.includes(this.current.authToken)) this.retired.push(this.current.authToken);
    this.current = next;
  }
  createCall: CarrierPort['createCall'] = (req) => this.current.createCall(req);
  createMessage: CarrierPort['createMessage'] = (req) => this.current.createMessage(req);
  findCalls: CarrierPort['findCalls'] = (search) => this.current.findCalls(search);
  findMessages: CarrierPort['findMessages'] = (search) => this.current.findMessages(search);
  endCall: CarrierPort['endCall'] = (sid, inProgress) => this.current.endCall(sid, inProgress);
  redirectCall: CarrierPort['redirectCall'] = (sid, twiml) => this.current.redirectCall(sid, twiml);
  redactMessage: CarrierPort['redactMessage'] = (sid) => this.current.redactMessage(sid);
  deleteMessage: CarrierPort['deleteMessage'] = (sid) => this.current.deleteMessage(sid);
  fetchCallStatus: CarrierPort['fetchCallStatus'] = (sid) => this.current.fetchCallStatus(sid);
  fetchMessageStatus: CarrierPort['fetchMessageStatus'] = (sid) => this.current.fetchMessageStatus(sid);
}

/** Twilio without an account: nothing can be sent, so attempts wait as they do without uplink. */
function unconfigured(reason: string): CarrierPort {
  const refuse = () => Promise.reject(new CarrierError({ kind: 'unreachable', message: reason }));
  return {
    account: '',
    authToken: '',
    local: false,
    createCall: refuse,
    createMessage: refuse,
    findCalls: refuse,
    findMessages: refuse,
    endCall: refuse,
    redirectCall: refuse,
    redactMessage: refuse,
    deleteMessage: refuse,
    fetchCallStatus: refuse,
    fetchMessageStatus: refuse,
  };
}

export interface CarrierSetup {
  /** Whether live alerts and drills reach Twilio or a simulator, as chosen at start. */
  kinds: CarrierKinds;
  live: CarrierPort;
  drill: CarrierPort | null;
  simulator: Simulator | null;
  /** Tokens that may sign callbacks, across account changes. */
  tokens(): string[];
  /** Re-reads the Twilio account and token (settings or secret changed). */
  refresh(): void;
}

export async function setUpCarriers(opts: {
  settings: SettingsService;
  secrets: SecretStore;
  simulatorConfig?: SimulatorConfigPatch;
  /** Talk to a Twilio-compatible API elsewhere instead of api.twilio.com (tests of the remote path). */
  twilioBaseUrl?: string;
  log: Logger;
}): Promise<CarrierSetup> {
  const { settings, log } = opts;
  const s = settings.current();
  const kinds = carrierKindsOf(s);
  const timeoutMs = s.carrierTimeoutSeconds * 1000;
  const builtIn = async () => {
    const profile = settings.current().simulatorProfile === 'fast' ? FAST_SIMULATOR : {};
    // A fresh token each start: the simulator's well-known default would let anyone who read
    // GDial's source sign webhooks (drills go through the same public URL as live calls).
    const authToken = randomBytes(16).toString('hex');
    const simulator = await startSimulator({ ...profile, authToken, ...opts.simulatorConfig }, { port: 0, logger: log.child({ module: 'simulator' }) });
    const carrier = createTwilioAdapter({ accountSid: simulator.accountSid, authToken: simulator.authToken, baseUrl: simulator.url, timeoutMs, local: true });
    return { carrier, simulator };
  };

  if (s.carrier === 'twilio') {
    const twilio = () => {
      const now = settings.current();
      const authToken = opts.secrets.get('twilioAuthToken');
      if (!now.twilioAccountSid || !authToken) {
        return unconfigured('Twilio saknar konto-SID eller auth token (Inställningar → Operatör och Twilio)');
      }
      return createTwilioAdapter({ accountSid: now.twilioAccountSid, authToken, baseUrl: opts.twilioBaseUrl, timeoutMs });
    };
    const live = new SwitchableCarrier(twilio());
    if (!live.account) log.warn('carrier is Twilio but its account SID or auth token is missing: alerts wait until it is set');
    const drill = s.drillsToSimulator ? await builtIn() : null;
    return {
      kinds,
      live,
      drill: drill?.carrier ?? null,
      simulator: drill?.simulator ?? null,
      tokens: () => [...live.tokens(), ...(drill ? [drill.carrier.authToken] : [])],
      refresh: () => live.replace(twilio()),
    };
  }
  if (s.simulatorUrl) {
    const live = createTwilioAdapter({ accountSid: DEFAULT_ACCOUNT_SID, authToken: DEFAULT_AUTH_TOKEN, baseUrl: s.simulatorUrl, timeoutMs, local: true });
    return { kinds, live, drill: null, simulator: null, tokens: () => [live.authToken], refresh: () => undefined };
  }
  const { carrier, simulator } = await builtIn();
  return { kinds, live: carrier, drill: null, simulator, tokens: () => [carrier.authToken], refresh: () => undefined };
}
