/**
 * The dispatch side of the engine, built from settings: the carriers, the webhook receiver and
 * its public URL, speech, the dispatcher, the status poller and live progress.
 */
import path from 'node:path';
import { AlertsService, type DispatchControl } from '../alerts/alerts-service';
import { ProgressPublisher } from '../alerts/progress';
import { openChangeFeed } from '../alerts/change-feed-store';
import type { CarrierPort } from '../carriers/carrier-port';
import type { CarrierStatus } from '../contract';
import type { Simulator, SimulatorConfigPatch } from '../carriers/simulator';
import { AlertAudio } from '../burn/alert-audio';
import { Burner } from '../burn/burner';
import { stopTexts } from '../conversation/opt-out';
import { Reachability } from '../conversation/reachability';
import { TextBodies } from '../conversation/text-bodies';
import { createVoiceCalls } from '../conversation/voice-calls';
import { VoicePrompts } from '../conversation/voice-prompts';
import { inlineTwiml } from '../webhooks/voice-twiml';
import { GroupCommit } from '../db/group-commit';
import type { Store } from '../db/store';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets/secret-store';
import type { SettingsService } from '../settings/settings-service';
import { AudioCache } from '../tts/audio-cache';
import { Speech } from '../tts/speech';
import type { NgrokLike } from '../tunnel/ngrok-tunnel';
import { PublicUrl } from '../tunnel/public-url';
import { startWebhookServer, type WebhookServer } from '../webhooks/webhook-server';
import type { HealthPort } from '../server/health';
import { setUpCarriers } from './carrier-setup';
import { audioSecret } from './audio-secret-store';
import { announceCarrierChanges, carrierStatus, reachesSimulator } from './carrier-status';
import { carriersFor } from './carriers';
import { Dispatcher } from './dispatcher';
import { PublicUrlWait } from './public-url-wait';
import { AsyncOutcomes } from './outcomes-async';
import { StatusPoller } from './status-poller';
import { createWebhookHandlers } from './webhook-handlers';

/** How often a public URL is checked end to end while the engine runs. */
const HEALTH_EVERY_MS = 60_000;
/** How often local audio files of clips burned by another engine of the cluster are deleted. */
const AUDIO_SWEEP_EVERY_MS = 60_000;
const TUNNEL_KEYS = new Set(['tunnel', 'publicUrl', 'ngrokDomain']);

export interface DispatchRuntime {
  alerts: AlertsService;
  /** Where alerts and drills go now, and what the stored settings choose for the next start. */
  carrierStatus(): CarrierStatus;
  dispatcher: Dispatcher;
  carrier: CarrierPort;
  webhooks: WebhookServer;
  reachability: Reachability;
  publicUrl: PublicUrl;
  speech: Speech;
  prompts: VoicePrompts;
  burner: Burner;
  /** The built-in simulator, when it is the carrier (or the drill carrier). */
  simulator: Simulator | null;
  /** What only the cluster's leader runs: the dispatcher, the status poller and the burner. */
  lead(epoch: number, takeover: boolean): Promise<void>;
  depose(): Promise<void>;
  stop(): Promise<void>;
}

export async function startDispatch(opts: {
  store: Store;
  dataDir: string;
  settings: SettingsService;
  secrets: SecretStore;
  bus: EventBus;
  log: Logger;
  webhookPort?: number;
  simulatorConfig?: SimulatorConfigPatch;
  twilioBaseUrl?: string;
  ngrok?: NgrokLike;
  /** After a burn: erase the text from copies the dispatcher does not own (backups). */
  onBurned?: (alertId: number) => void;
  /** Work was queued here (a launch, an escalation): the leader dispatches it, wherever it runs. */
  kickLeader?: () => void;
  /** `/healthz` and `/readyz` on the webhook port too (a proxy in front of several engines). */
  health?: HealthPort;
  /**
   * Whether the cluster's leader waits for the carrier (its dispatcher, on another machine), or
   * undefined when this engine leads (its own dispatcher says). Consoles on every engine show it.
   */
  leaderWaitsForUplink?: () => boolean | undefined;
  /** This engine's dispatcher lost or found the carrier (the leader tells the cluster). */
  onUplink?: (up: boolean) => void;
}): Promise<DispatchRuntime> {
  const { store, settings, secrets, log } = opts;
  const now = () => Date.now();
  const setup = await setUpCarriers({ settings, secrets, simulatorConfig: opts.simulatorConfig, twilioBaseUrl: opts.twilioBaseUrl, log });
  const writes = new GroupCommit(store);
  let reachabilityRef: Reachability | null = null;
  const answerIsFinal = async (alertId: number) => reachabilityRef?.callbackBase(await carriers.forAlert(alertId)) === null;
  const statuses = new AsyncOutcomes(store, answerIsFinal);
  const carriers = carriersFor(store, setup.live, setup.drill);
  const cache = new AudioCache({ dir: path.join(opts.dataDir, 'audio'), secret: await audioSecret(store), clips: store });
  const speech = new Speech({ settings: () => settings.current(), cache, log: log.child({ module: 'tts' }) });

  let webhooks: WebhookServer | null = null;
  const listening = () => webhooks!.url;
  const publicUrl = new PublicUrl({
    settings: () => settings.current(),
    ngrokAuthtoken: () => secrets.get('ngrokAuthtoken'),
    listening,
    localPort: () => Number(new URL(listening()).port),
    authToken: () => setup.tokens()[0] ?? '',
    onChange: () => opts.bus.emit('webhooks.status', reachability.status()),
    log: log.child({ module: 'tunnel' }),
    ngrok: opts.ngrok,
  });
  const reachability: Reachability = new Reachability({
    publicUrl,
    listening,
    live: setup.live,
    drill: setup.drill,
    liveConfigured: () => setup.live.account !== '',
  });
  reachabilityRef = reachability;
  const publicUrlWait = new PublicUrlWait({ store, publicUrl, onChecked: () => dispatcher?.kick(), log: log.child({ module: 'tunnel' }) });

  let dispatcher: Dispatcher | null = null;
  const waitingForUplink = () => opts.leaderWaitsForUplink?.() ?? dispatcher?.waitingForUplink ?? false;
  const statusNow = () => carrierStatus(setup.kinds, settings.current(), waitingForUplink(), store.availability.waiting);
  // Every write notes the rows it changes; live progress publishes what was committed.
  const changes = await openChangeFeed(store);
  const progress = new ProgressPublisher(store, opts.bus, changes, waitingForUplink, (alertId) => publicUrlWait.holds(alertId), (error) =>
    log.warn({ err: error }, 'live progress could not be read'),
  );
  const alertAudio = new AlertAudio({ store, cache });
  const prompts = new VoicePrompts({
    store,
    speech,
    settings: () => settings.current(),
    log: log.child({ module: 'voice' }),
    onReady: () => dispatcher?.kick(),
    remember: (alertId, audioId) =>
      void alertAudio.remember(alertId, audioId).catch((err: unknown) => log.warn({ err, alert: alertId }, 'could not list an audio file of the alert')),
  });
  void prompts.warmUp();
  const texts = new TextBodies(store, now);
  const unsubscribed = (e164: string) => {
    stopTexts(store, statuses, e164, now()).catch((err: unknown) => log.warn({ err }, 'could not note an opt-out'));
  };
  dispatcher = new Dispatcher({
    store,
    availability: store.availability,
    outcomes: statuses,
    writes,
    carriers,
    settings: () => settings.current(),
    callbackBase: (carrier) => reachability.callbackBase(carrier),
    voiceReady: (alertId) => prompts.ready(alertId),
    callsMayStart: (alertId) => publicUrlWait.callsMayStart(alertId),
    inlineTwiml: async (attempt) => inlineTwiml((await prompts.sayMessage(attempt.alertId)) ?? prompts.say('', 'sv'), settings.current().voiceRepeats),
    unsubscribed,
    smsText: (attempt) => texts.bodyFor(attempt),
    onUplink: (up) => {
      log.warn({ up }, up ? 'carrier reachable again' : 'carrier unreachable: alerts wait for the uplink');
      opts.bus.emit('carrier.status', statusNow()); // every console shows (or clears) the banner
      opts.onUplink?.(up);
    },
    log: log.child({ module: 'dispatcher' }),
  });
  const d = dispatcher;
  const kick = opts.kickLeader ?? (() => d.kick());
  const endCalls = (calls: Parameters<Dispatcher['endCalls']>[0]) => void d.endCalls(calls);
  webhooks = await startWebhookServer({
    port: opts.webhookPort ?? settings.current().webhookPort,
    authTokens: () => setup.tokens(),
    publicBases: () => publicUrl.basesForSignature(),
    audioFile: (id) => cache.serve(id),
    handlers: createWebhookHandlers({
      store,
      writes,
      statuses,
      voice: createVoiceCalls({
        store,
        outcomes: statuses,
        prompts,
        carriers,
        settings: () => settings.current(),
        callbackBase: (carrier) => reachability.callbackBase(carrier),
        endCalls,
        now,
        log: log.child({ module: 'voice' }),
      }),
      endCalls,
      // A status or an answer may queue the next step (escalation, stand-down): send it now.
      kick,
      unsubscribed,
      now,
    }),
    health: opts.health,
    log: log.child({ module: 'webhooks' }),
  });
  await publicUrl.start();
  if (publicUrl.base()) void publicUrl.check();
  const healthTimer = setInterval(() => {
    if (publicUrl.base()) void publicUrl.check();
  }, HEALTH_EVERY_MS);
  healthTimer.unref();
  // On every engine, leading or not: the burn runs on one, the others' copies of its audio go here.
  const audioSweep = setInterval(() => void cache.sweep().catch((err: unknown) => log.warn({ err }, 'could not sweep audio files of burned clips')), AUDIO_SWEEP_EVERY_MS);
  audioSweep.unref();
  const offSettings = settings.onChange((keys) => {
    if (keys.some((k) => TUNNEL_KEYS.has(k))) void publicUrl.reconfigure().then(() => (publicUrl.base() ? publicUrl.check() : null));
    if (keys.includes('twilioAccountSid')) setup.refresh();
  });
  const offCarrierStatus = announceCarrierChanges(settings, statusNow, (status) => opts.bus.emit('carrier.status', status));
  // A database that stops answering (PostgreSQL restarted, network cut): dispatch waits, every
  // console says so, and when it answers again what was being sent is resolved as after a crash.
  const offDatabase = store.availability.onChange((waiting) => {
    log.warn({ waiting }, waiting ? 'the database does not answer: dispatch waits' : 'the database answers again');
    opts.bus.emit('carrier.status', statusNow());
    if (!waiting) void d.databaseBack();
  });
  const offSecrets = secrets.onChange((name) => {
    if (name === 'twilioAuthToken') setup.refresh();
    if (name === 'ngrokAuthtoken') void publicUrl.reconfigure();
    d.kick();
  });

  const poller = new StatusPoller({
    store,
    outcomes: statuses,
    writes,
    carriers,
    // When callbacks cannot arrive at all, polling is the only way to hear how calls went.
    staleSeconds: () => {
      const s = settings.current();
      return reachability.callbackBase(setup.live) === null ? Math.min(5, s.statusPollSeconds) : s.statusPollSeconds;
    },
    endCalls,
    log: log.child({ module: 'poller' }),
  });

  const control: DispatchControl = {
    kick,
    endCalls: (calls) => d.endCalls(calls),
    waitingForUplink,
    waitingForPublicUrl: (alertId) => publicUrlWait.holds(alertId),
    onSimulator: (drill) => reachesSimulator(setup.kinds, drill),
  };
  const alerts = new AlertsService(store, settings, statuses, control);
  const burner = new Burner({
    store,
    outcomes: statuses,
    carriers,
    forgetInMemory: (alertId) => {
      texts.forget(alertId);
      return prompts.forget(alertId);
    },
    eraseAudio: async (alertId, spoken) => {
      await alertAudio.erase(alertId);
      // Also by the text: audio made before its alert's audio was noted (an older GDial).
      if (spoken) speech.forget(spoken.text, spoken.language);
    },
    endCalls,
    onBurned: opts.onBurned,
    log: log.child({ module: 'burn' }),
  });
  let leading = false;
  return {
    alerts,
    carrierStatus: statusNow,
    dispatcher: d,
    carrier: setup.live,
    webhooks,
    reachability,
    publicUrl,
    speech,
    prompts,
    burner,
    simulator: setup.simulator,
    lead: async (epoch, takeover) => {
      leading = true;
      // After a takeover the engine before may still have a create on its way (see Dispatcher.start).
      await d.start({ epoch, graceMs: takeover ? settings.current().carrierTimeoutSeconds * 1000 + 5_000 : 0 });
      poller.start();
      burner.start();
    },
    depose: async () => {
      if (!leading) return;
      leading = false;
      poller.stop();
      await Promise.all([d.stop(), burner.stop()]);
    },
    stop: async () => {
      await burner.stop();
      clearInterval(healthTimer);
      clearInterval(audioSweep);
      offSettings();
      offSecrets();
      offCarrierStatus();
      offDatabase();
      poller.stop();
      await d.stop();
      progress.stop();
      await changes.close();
      await publicUrl.stop();
      await webhooks?.close();
      await setup.simulator?.stop();
      await cache.close();
    },
  };
}
