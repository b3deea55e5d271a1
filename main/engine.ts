/**
 * The composition root: builds every service from one config and returns start/stop. The desktop
 * shell, `npm run serve` and the tests all come through here; nothing else wires services.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { methods } from './contract';
import { AuthService } from './auth/auth-service';
import { LocalAccess } from './auth/local-access';
import { SessionStore, type SessionEndListener } from './auth/sessions';
import type { SimulatorConfigPatch } from './carriers/simulator';
import { ContactsService } from './contacts/contacts-service';
import { startDispatch, type DispatchRuntime } from './dispatch/dispatch-runtime';
import { GroupsService } from './contacts/groups-service';
import { ImportService } from './contacts/import-service';
import { DATABASE_FILE, findConsoleDir, findResourcesDir } from './config/paths';
import { type Db } from './db/open';
import { chosenDatabaseUrl, openEngineDatabase } from './db/open-store';
import { iso } from './db/tx';
import type { Store } from './db/store';
import { AppError } from './errors';
import { EventBus } from './events/event-bus';
import { acquireDataDirLock } from './lock/data-dir-lock';
import { ensurePrivateDir, tightenTree } from './config/owner-only';
import { createLogger, type Logger } from './log';
import { createHandlers } from './rpc/handlers';
import { Router, type Connection, type SessionPeek, type SessionResolver } from './rpc/router';
import { attachWebSocket, type WsTransport } from './rpc/ws-transport';
import { createConsoleServer } from './server/console-server';
import { createHostCheck } from './server/host-allowlist';
import { readEnvOverrides } from './settings/env-overrides';
import { SettingsService } from './settings/settings-service';
import { TemplatesService } from './templates/templates-service';
import { UsersService } from './users/users-service';
import { SecretStore, type SecretCipher } from './secrets/secret-store';
import { recordAudit, startAudit, SYSTEM_ACTOR } from './audit/audit-log';
import { BackupService } from './backup/backup-service';
import { burnedAlerts } from './backup/backup-store';
import { createChromiumPdf } from './reports/chromium-pdf';
import type { PdfPort } from './reports/pdf-port';
import { startScheduling } from './scheduler/start-scheduling';
import { othersRunning, standaloneStatus, workstationName, type Cluster } from './cluster/cluster';
import { clusterHealth, startCluster } from './cluster/start-cluster';
import { startIntegrations } from './integrations/start-integrations';
import type { NgrokLike } from './tunnel/ngrok-tunnel';

export interface EngineConfig {
  dataDir: string;
  /** postgres://… to keep the data on PostgreSQL; default GDIAL_DATABASE_URL, else gdial.db in dataDir. */
  databaseUrl?: string;
  /** Port for the console and WebSocket; 0 picks a free one. Omit to serve nothing over HTTP. */
  port?: number;
  /** Settings overrides (`GDIAL_<NAME>`) and the first-admin bootstrap come from here. */
  env?: NodeJS.ProcessEnv;
  resourcesDir?: string;
  consoleDir?: string;
  logger?: Logger;
  /** False for admin tools: no carrier, webhooks or dispatcher (alerts cannot be launched). */
  dispatch?: boolean;
  /** Port of the Twilio webhook receiver; overrides the setting (tests use 0). */
  webhookPort?: number;
  /** Settings for the built-in simulator (tests script outcomes with it). */
  simulatorConfig?: SimulatorConfigPatch;
  /** The OS keyring for secrets (the desktop shell passes Electron's safeStorage). */
  secretCipher?: SecretCipher;
  /** A Twilio-compatible API instead of api.twilio.com (tests of the remote path, with the simulator). */
  twilioBaseUrl?: string;
  /** The ngrok module (tests pass a fake; no tunnel can open from the test machines). */
  ngrok?: NgrokLike;
  /** Renders report PDFs; default: Chromium found on this machine (null: PDF exports refuse). */
  pdf?: PdfPort | null;
  /** A better-sqlite3 binding built for another ABI (Electron). */
  nativeBinding?: string;
  version?: string;
}

export interface Engine {
  /**
   * The SQLite file's drizzle handle, for tests and tools that look inside the file; throws on an
   * engine that keeps its data on PostgreSQL. The engine itself uses only `store`.
   */
  readonly db: Db;
  /** The store layer's door (db/store.ts): SQLite or PostgreSQL. */
  readonly store: Store;
  readonly router: Router;
  readonly bus: EventBus;
  readonly dataDir: string;
  /** `http://127.0.0.1:<port>` when serving HTTP, else null. */
  readonly url: string | null;
  /** The interface the HTTP server is bound to: 127.0.0.1 unless an admin enabled LAN access. */
  readonly host: string;
  /** The live session behind a connection's token hash, for transports that route events (does not extend it). */
  resolveSession: SessionPeek;
  /** Told of every session that ends (revoked, expired), for in-process transports (Electron IPC). */
  onSessionEnded(listener: SessionEndListener): () => void;
  /** Carrier, webhooks, dispatcher (tests reach the built-in simulator through it). */
  readonly dispatch: DispatchRuntime | null;
  /** The per-launch token for local administration (the CLI). */
  readonly localToken: string;
  /** A fresh connection for an in-process transport (Electron IPC, tests). */
  connect(client: string): Connection;
  stop(): Promise<void>;
}

function readVersion(resourcesDir: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(path.dirname(resourcesDir), 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new AppError('conflict', `Port ${port} on ${host} is already in use; choose another with --port`, {
              code: 'engine.port_in_use',
            })
          : error,
      ),
    );
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startEngine(config: EngineConfig): Promise<Engine> {
  const env = config.env ?? {};
  const dataDir = path.resolve(config.dataDir);
  // Owner-only (0700) whatever the umask; see config/owner-only.ts.
  const modeProblems = ensurePrivateDir(dataDir);
  const envOverrides = readEnvOverrides(env);
  const log = config.logger ?? createLogger({ dataDir });
  const resourcesDir = config.resourcesDir ?? findResourcesDir();
  const version = config.version ?? readVersion(resourcesDir);
  const lock = acquireDataDirLock(dataDir);
  const cleanup: Array<() => unknown> = [() => lock.release()];
  const runCleanup = async () => {
    for (const step of cleanup.reverse()) await step();
  };

  try {
    const databasePath = path.join(dataDir, DATABASE_FILE);
    const chosen = await openEngineDatabase({
      file: databasePath,
      resourcesDir,
      databaseUrl: chosenDatabaseUrl(config.databaseUrl, env),
      nativeBinding: config.nativeBinding,
    });
    cleanup.push(() => chosen.store.close());
    const { store, sqlite } = chosen;
    // Now that gdial.db, -wal and -shm exist: every file and folder in the data directory becomes
    // owner-only, including what an earlier version left readable to others.
    tightenTree(dataDir, modeProblems);
    if (modeProblems.length > 0) log.warn({ problems: modeProblems.slice(0, 20), count: modeProblems.length }, 'some files in the data directory could not be made readable by their owner only');
    if (sqlite?.preMigrationBackup) log.info({ backup: sqlite.preMigrationBackup }, 'database copied before migration');
    const secrets = new SecretStore(dataDir, env, config.secretCipher ?? null);
    // Before anything is audited: the audit key (created on first start) and the anchor file.
    const audit = await startAudit(store, {
      dataDir,
      secrets,
      log: log.child({ module: 'audit' }),
      nativeBinding: config.nativeBinding,
      // Several workstations on PostgreSQL share one audit key (GDIAL_AUDIT_KEY on each).
      othersRunning: store.dialect === 'postgres' ? () => othersRunning(store, Date.now()) : undefined,
    });
    cleanup.push(() => audit.close());

    const bus = new EventBus();
    const settings = await SettingsService.open(store, envOverrides);
    // Other workstations on this database may change settings (PostgreSQL).
    if (store.dialect === 'postgres') cleanup.push(settings.followOtherWorkstations((err) => log.debug({ err }, 'settings could not be re-read')));
    const sessions = new SessionStore(store, () => settings.current().sessionHours * 3_600_000);
    await sessions.purgeExpired();
    // Sessions that end in the database (expiry, another workstation) reach this engine's sockets.
    const sessionRefresh = setInterval(() => void sessions.refreshSeen().catch((err: unknown) => log.warn({ err }, 'sessions could not be re-read')), 2_000);
    sessionRefresh.unref();
    cleanup.push(() => clearInterval(sessionRefresh));
    const auth = new AuthService(store, sessions, settings, bus);
    const local = new LocalAccess();
    const resolveSession: SessionResolver = async (hash) => local.resolve(hash) ?? sessions.resolve(hash);
    // Who receives events: the sessions as last resolved here; looking neither reads nor extends them.
    const peekSession: SessionPeek = (hash) => local.resolve(hash) ?? sessions.peekCached(hash);
    const users = new UsersService(store, sessions, bus);
    const templates = new TemplatesService(store);
    const contacts = new ContactsService(store, bus);
    const groups = new GroupsService(store, bus);
    const imports = new ImportService(store, settings, bus);
    cleanup.push(() => imports.close());
    // The backups are set up after the dispatcher; a burn before that is caught by their start.
    let scrubBackups = (): void => {};
    // Set once the dispatcher exists: queued work is dispatched by the cluster's leader.
    let cluster: Cluster | null = null;
    const name = workstationName(env);
    const health = clusterHealth(name, store, () => cluster);
    const dispatch =
      config.dispatch === false
        ? null
        : await startDispatch({
            store,
            dataDir,
            settings,
            secrets,
            bus,
            log,
            webhookPort: config.webhookPort,
            simulatorConfig: config.simulatorConfig,
            twilioBaseUrl: config.twilioBaseUrl,
            ngrok: config.ngrok,
            onBurned: () => scrubBackups(),
            kickLeader: () => cluster?.kick(),
            health,
            leaderWaitsForUplink: () => cluster?.leaderWaitsForUplink(),
            onUplink: (up) => cluster?.noteUplink(up),
          });
    if (dispatch) cleanup.push(() => dispatch.stop());
    // Admin tools (no dispatcher) make no scheduled backups: only the engine that serves does.
    const backups =
      config.dispatch === false
        ? null
        : new BackupService({
            databasePath,
            database: store.info,
            dir: () => settings.current().backupDir || path.join(dataDir, 'backups'),
            keep: () => settings.current().backupKeep,
            everyHours: () => settings.current().backupEveryHours,
            nativeBinding: config.nativeBinding,
            log: log.child({ module: 'backup' }),
            // A backup competes with dispatch for the disk: never while an alert is going out.
            postpone: async () => (dispatch ? (await dispatch.alerts.listAsync({ active: true, limit: 1 })).length > 0 : false),
            // Manual backups are audited with the admin who asked (rpc/handlers.ts).
            burnedAlerts: () => burnedAlerts(store),
            onBackup: async (entry) => {
              if (entry.trigger !== 'scheduled') return;
              await store.unit((tx) =>
                recordAudit(tx, SYSTEM_ACTOR, { action: 'backups.run', target: { type: 'backup', id: entry.fileName }, details: { trigger: entry.trigger, bytes: entry.bytes } }),
              );
            },
          });
    if (backups) {
      scrubBackups = () => void backups.scrubBurned(); // never rejects: failures are logged and retried
      backups.start();
      cleanup.push(() => backups.stop());
    }

    const scheduling = await startScheduling({
      store,
      settings,
      alerts: dispatch?.alerts ?? null,
      log,
    });
    cleanup.push(() => scheduling.stop());
    // One engine of those on this database leads (dispatch, polling, schedules, burns); the
    // others stand by. An admin tool (no dispatcher) takes no part.
    if (dispatch) {
      const joined = await startCluster({ store, name, dispatch, clock: scheduling, bus, log: log.child({ module: 'cluster' }) });
      cluster = joined;
      cleanup.push(() => joined.stop());
    }
    // The REST API and its keys, inbound alarms, CAP export, outgoing webhooks and metrics.
    const integrations = startIntegrations({ store, bus, log, settings, templates, dispatch, isLeader: () => cluster?.leading ?? false, workstation: name, version });
    cleanup.push(() => integrations.stop());
    // PDF reports: Chromium found on this machine, or the desktop shell's own printer.
    const pdf = config.pdf !== undefined ? config.pdf : createChromiumPdf({ env });

    const adminUser = env.GDIAL_ADMIN_USER;
    const adminPassword = env.GDIAL_ADMIN_PASSWORD;
    if (adminUser || adminPassword) {
      const input = methods['auth.setup'].input.safeParse({ username: adminUser, password: adminPassword, displayName: adminUser });
      if (!input.success) {
        throw new AppError('validation', `GDIAL_ADMIN_USER/GDIAL_ADMIN_PASSWORD: ${input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, {
          code: 'engine.bad_admin_env',
        });
      }
      if (await auth.bootstrapAdmin(input.data.username, input.data.password)) log.info('first admin created from the environment');
    }

    const host = settings.current().lanAccess ? '0.0.0.0' : '127.0.0.1';
    const startedAt = iso(Date.now());
    let url: string | null = null;
    const router = new Router(
      createHandlers({
        store,
        auth,
        local,
        users,
        settings,
        templates,
        contacts,
        groups,
        imports,
        secrets,
        dispatch,
        backups,
        schedules: scheduling.service,
        pdf,
        version,
        integrations: integrations.handlers,
        clusterStatus: () => cluster?.status() ?? standaloneStatus(name),
        systemInfo: () => ({
          version,
          dataDir,
          databaseEngine: store.info.dialect,
          databasePath: store.info.location,
          schemaVersion: store.info.schemaVersion,
          startedAt,
          listen: url ?? 'in-process',
          lanAccess: host !== '127.0.0.1',
        }),
      }),
      resolveSession,
      log.child({ module: 'rpc' }),
    );

    let ws: WsTransport | null = null;
    if (config.port !== undefined) {
      const hostAllowed = createHostCheck({
        port: () => (server.address() as AddressInfo | null)?.port ?? config.port ?? 0,
        lanAccess: host !== '127.0.0.1',
        extra: () => settings.current().allowedHosts,
      });
      const server = createConsoleServer(config.consoleDir ?? findConsoleDir(resourcesDir), { hostAllowed, health, routes: integrations.httpRoutes(router) });
      ws = attachWebSocket(server, {
        router,
        bus,
        peekSession,
        sessionEnds: (listener) => sessions.onEnded(listener),
        hostAllowed,
        log: log.child({ module: 'ws' }),
      });
      const port = await listen(server, config.port, host);
      cleanup.push(
        () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
        () => ws?.close(),
      );
      url = `http://127.0.0.1:${port}`;
      lock.update({ url, localToken: local.token });
    }
    log.info({ dataDir, url, host, database: store.info }, 'engine started');

    let stopped = false;
    return {
      get db(): Db {
        if (!sqlite) throw new Error(`engine.db is the SQLite file's handle; this engine keeps its data on PostgreSQL (${store.info.location})`);
        return sqlite.db;
      },
      store,
      router,
      bus,
      dataDir,
      url,
      host,
      dispatch,
      resolveSession: peekSession,
      onSessionEnded: (listener) => sessions.onEnded(listener),
      localToken: local.token,
      connect: (client) => ({ id: randomUUID(), client, tokenHash: null }),
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await runCleanup();
        log.info('engine stopped');
      },
    };
  } catch (error) {
    await runCleanup();
    throw error;
  }
}
