/** Starts the Twilio-compatible simulator: a real HTTP server on loopback, and its phone network. */
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../../log';
import { defaultSimulatorConfig, mergeConfig, type SimulatorConfig, type SimulatorConfigPatch } from './config';
import type { CallRuntime, MessageRuntime, SimContext } from './context';
import { CreateGate } from './create-gate';
import { sendInbound, type InboundSms } from './inbound';
import { Recorder, type Channel, type CreateRecord, type InboundRecord, type SimulatorRecords } from './records';
import { createSimulatorServer } from './server';
import { ResourceStore } from './store';
import { Tasks } from './tasks';
import { WebhookClient } from './webhook-client';

export interface Simulator {
  /** Base URL, e.g. http://127.0.0.1:7430 — what the Twilio SDK's api domain must point at. */
  readonly url: string;
  readonly port: number;
  readonly accountSid: string;
  readonly authToken: string;
  config(): SimulatorConfig;
  /** Changes the configuration at runtime; throws (and changes nothing) when the result is invalid. */
  configure(patch: SimulatorConfigPatch): SimulatorConfig;
  records(): SimulatorRecords;
  /** Resources created for this number, whether or not the client heard back. */
  createsTo(number: string, channel?: Channel): number;
  /** Sends an inbound SMS; an opt-out keyword (STOP, …) unsubscribes the sender, an opt-in (START, …) lifts it. */
  sendInbound(sms: InboundSms): Promise<InboundRecord>;
  /** Numbers that opted out by keyword: creating a message to one fails with 400 / 21610. */
  optedOut(): string[];
  /** Resolves when no call, message or callback is still in flight. */
  settle(opts?: { timeoutMs?: number }): Promise<void>;
  /** Forgets records, calls, messages, opt-outs and attempt counts (same seed → same fates again). */
  reset(): void;
  /** Ends every flow and timer and closes every socket, held-open timeouts included. */
  stop(): Promise<void>;
}

export interface SimulatorOptions {
  port?: number;
  host?: string;
  logger?: Logger;
}

export async function startSimulator(initial: SimulatorConfigPatch = {}, opts: SimulatorOptions = {}): Promise<Simulator> {
  let config = mergeConfig(defaultSimulatorConfig(), initial);
  const log = (opts.logger ?? silentLogger()).child({ module: 'simulator' });
  const tasks = new Tasks();
  const recorder = new Recorder();
  const store = new ResourceStore();
  const client = new WebhookClient(
    () => config.authToken,
    () => config.webhookTimeoutMs,
  );
  const ctx: SimContext = {
    config: () => config,
    client,
    recorder,
    tasks,
    log,
    store,
    calls: new Map<string, CallRuntime>(),
    messages: new Map<string, MessageRuntime>(),
    script: (to) => config.scripts[to],
  };
  const gate = new CreateGate(() => config, store);
  let stopping = false;

  const hold = (res: ServerResponse, record: CreateRecord) => {
    res.on('close', () => {
      if (!stopping) record.clientGaveUpAt = Date.now();
    });
  };
  const configure = (patch: unknown) => {
    config = mergeConfig(config, patch);
    return config;
  };
  const reset = () => {
    recorder.reset();
    gate.reset();
    store.reset();
  };
  const server = createSimulatorServer({ ctx, gate, hold }, { configure, records: () => recorder.snapshot(), reset });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log.info({ url }, 'simulator listening');

  return {
    url,
    port: address.port,
    get accountSid() {
      return config.accountSid;
    },
    get authToken() {
      return config.authToken;
    },
    config: () => config,
    configure: (patch) => configure(patch),
    records: () => recorder.snapshot(),
    createsTo: (number, channel) => recorder.createsTo(number, channel),
    sendInbound: (sms) => sendInbound(ctx, sms),
    optedOut: () => [...store.optedOut],
    settle: (o) => tasks.idle(o?.timeoutMs),
    reset,
    async stop() {
      if (stopping) return;
      stopping = true;
      tasks.stop();
      for (const rt of ctx.calls.values()) rt.abort.abort();
      for (const rt of ctx.messages.values()) rt.abort.abort();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Also ends the held-open "timeout" requests, which would otherwise keep close() waiting.
        server.closeAllConnections();
      });
      client.destroy();
      log.info('simulator stopped');
    },
  };
}
