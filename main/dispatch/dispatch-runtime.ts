/**
 * The dispatch side of the engine, built from settings: the carrier (the built-in simulator, a
 * simulator elsewhere, or Twilio), the webhook receiver, the dispatcher and live progress.
 */
import { sql } from 'drizzle-orm';
import type { Language } from '../contract';
import { AlertsService, type DispatchControl } from '../alerts/alerts-service';
import { ProgressPublisher } from '../alerts/progress';
import type { CarrierPort } from '../carriers/carrier-port';
import { DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, startSimulator, type Simulator, type SimulatorConfigPatch } from '../carriers/simulator';
import { createTwilioAdapter } from '../carriers/twilio-adapter';
import type { Db } from '../db/open';
import { AppError } from '../errors';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../log';
import type { SettingsService } from '../settings/settings-service';
import { GroupCommit } from '../db/group-commit';
import { startWebhookServer, type WebhookServer } from '../webhooks/webhook-server';
import { Dispatcher } from './dispatcher';
import { Ledger, type AttemptRow } from './ledger';
import { smsBody, standDownBody } from '../contract/message-text';
import { Outcomes } from './outcomes';
import { carriersFor } from './carriers';
import { StatusPoller } from './status-poller';
import { createWebhookHandlers } from './webhook-handlers';

/** Millisecond timings: a drill of a hundred people completes in seconds (tests, demonstrations). */
const FAST_SIMULATOR: SimulatorConfigPatch = {
  latencyMs: { min: 5, max: 30 },
  ringMs: { min: 50, max: 300 },
  talkMs: { min: 20, max: 60 },
  timeScale: 0.05,
};

export interface DispatchRuntime {
  alerts: AlertsService;
  dispatcher: Dispatcher;
  carrier: CarrierPort;
  webhooks: WebhookServer;
  /** The built-in simulator, when it is the carrier (or the drill carrier). */
  simulator: Simulator | null;
  stop(): Promise<void>;
}

async function builtInSimulator(settings: SettingsService, overrides: SimulatorConfigPatch | undefined, timeoutMs: number, log: Logger) {
  const profile = settings.current().simulatorProfile === 'fast' ? FAST_SIMULATOR : {};
  const simulator = await startSimulator({ ...profile, ...overrides }, { port: 0, logger: log.child({ module: 'simulator' }) });
  const carrier = createTwilioAdapter({ accountSid: simulator.accountSid, authToken: simulator.authToken, baseUrl: simulator.url, timeoutMs });
  return { carrier, simulator };
}

/** The live carrier, and a separate one for drills when they must never reach a real phone. */
async function chooseCarriers(settings: SettingsService, env: NodeJS.ProcessEnv, simulatorConfig: SimulatorConfigPatch | undefined, log: Logger) {
  const s = settings.current();
  const timeoutMs = s.carrierTimeoutSeconds * 1000;
  if (s.carrier === 'twilio') {
    const authToken = env.GDIAL_TWILIO_AUTH_TOKEN ?? '';
    if (!s.twilioAccountSid || !authToken) {
      throw new AppError('validation', 'The Twilio carrier needs GDIAL_TWILIO_ACCOUNT_SID and GDIAL_TWILIO_AUTH_TOKEN', { code: 'carrier.twilio_unconfigured' });
    }
    const live = createTwilioAdapter({ accountSid: s.twilioAccountSid, authToken, timeoutMs });
    const drill = s.drillsToSimulator ? await builtInSimulator(settings, simulatorConfig, timeoutMs, log) : null;
    return { live, drill: drill?.carrier ?? null, simulator: drill?.simulator ?? null };
  }
  if (s.simulatorUrl) {
    const live = createTwilioAdapter({ accountSid: DEFAULT_ACCOUNT_SID, authToken: DEFAULT_AUTH_TOKEN, baseUrl: s.simulatorUrl, timeoutMs });
    return { live, drill: null, simulator: null };
  }
  const { carrier, simulator } = await builtInSimulator(settings, simulatorConfig, timeoutMs, log);
  return { live: carrier, drill: null, simulator };
}

export async function startDispatch(opts: {
  db: Db;
  settings: SettingsService;
  bus: EventBus;
  env: NodeJS.ProcessEnv;
  log: Logger;
  webhookPort?: number;
  simulatorConfig?: SimulatorConfigPatch;
}): Promise<DispatchRuntime> {
  const { db, settings, log } = opts;
  const now = () => Date.now();
  const { live: carrier, drill, simulator } = await chooseCarriers(settings, opts.env, opts.simulatorConfig, log);
  const ledger = new Ledger(db);
  const writes = new GroupCommit(db);
  const outcomes = new Outcomes(db, ledger);
  const carriers = carriersFor(db, carrier, drill);
  let webhooks: WebhookServer | null = null;
  const webhookBase = () => settings.current().publicUrl || webhooks!.url;

  const texts = new Map<number, { sms: string; standDown: string }>();
  const smsText = (attempt: AttemptRow) => {
    let t = texts.get(attempt.alertId);
    if (!t) {
      const a = db.get<{ sms_text: string; drill: number; language: Language; policy: string }>(
        sql`SELECT sms_text, drill, language, policy FROM alerts WHERE id = ${attempt.alertId}`,
      );
      const style = { drill: a.drill === 1, language: a.language };
      const standDown = (JSON.parse(a.policy) as { standDownText?: string }).standDownText ?? '';
      t = { sms: smsBody(a.sms_text, style), standDown: standDownBody(standDown, style) };
      texts.set(attempt.alertId, t);
    }
    return attempt.purpose === 'stand_down' ? t.standDown : t.sms;
  };

  let dispatcher: Dispatcher | null = null;
  const progress = new ProgressPublisher(db, opts.bus, () => dispatcher?.waitingForUplink ?? false);
  dispatcher = new Dispatcher({
    ledger,
    outcomes,
    writes,
    carriers,
    settings: () => settings.current(),
    webhookBase,
    smsText,
    touched: (id, recipientId) => progress.touched(id, recipientId),
    onUplink: (up) => log.warn({ up }, up ? 'carrier reachable again' : 'carrier unreachable: alerts wait for the uplink'),
    log: log.child({ module: 'dispatcher' }),
  });
  const d = dispatcher;
  webhooks = await startWebhookServer({
    port: opts.webhookPort ?? settings.current().webhookPort,
    authTokens: () => carriers.all().map((c) => c.authToken),
    publicBases: () => [...new Set([settings.current().publicUrl, webhooks!.url].filter(Boolean))],
    handlers: createWebhookHandlers({
      db,
      writes,
      ledger,
      outcomes,
      webhookBase,
      endCalls: (calls) => void d.endCalls(calls),
      touched: (id, recipientId) => {
        progress.touched(id, recipientId);
        d.kick();
      },
      now,
    }),
    log: log.child({ module: 'webhooks' }),
  });

  const poller = new StatusPoller({
    db,
    outcomes,
    writes,
    carriers,
    // With Twilio and no public URL, callbacks cannot arrive at all: polling is the only way.
    staleSeconds: () => {
      const now = settings.current();
      return now.carrier === 'twilio' && !now.publicUrl ? Math.min(5, now.statusPollSeconds) : now.statusPollSeconds;
    },
    endCalls: (calls) => void d.endCalls(calls),
    touched: (id, recipientId) => progress.touched(id, recipientId),
    log: log.child({ module: 'poller' }),
  });
  poller.start();

  const control: DispatchControl = {
    kick: () => d.kick(),
    endCalls: (calls) => d.endCalls(calls),
    touched: (id, recipientId) => progress.touched(id, recipientId),
    waitingForUplink: () => d.waitingForUplink,
  };
  const alerts = new AlertsService(db, settings, outcomes, control);
  await d.start();
  return {
    alerts,
    dispatcher: d,
    carrier,
    webhooks,
    simulator,
    stop: async () => {
      poller.stop();
      await d.stop();
      progress.stop();
      await webhooks?.close();
      await simulator?.stop();
    },
  };
}
