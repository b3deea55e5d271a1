/**
 * The REST API over real HTTP on loopback, against a real engine on each backend: keys, roles,
 * allowlists, revocation, rate limits, idempotent launches, audit rows and bad requests.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import type { MethodInput } from '../../contract';
import { silentLogger } from '../../log';
import { SettingsService } from '../../settings/settings-service';
import type { IntegrationDeps } from '../start-integrations';
import { startApi } from './start-api';
import type { Connection } from '../../rpc/router';
import { bookWithGroup, draft, FAST } from '../../test-support/alert-fixture';
import { engineBackends, startTestEngineOn } from '../../test-support/backends';
import type { TestEngine } from '../../test-support/engine-fixture';

interface Answer {
  status: number;
  headers: Headers;
  body: { ok: boolean; value?: unknown; error?: { kind: string; code?: string; params?: Record<string, unknown> } };
}

describe.each(engineBackends())('REST API on $name', (backend) => {
  let t: TestEngine;
  let admin: Connection;
  let base: string;

  beforeAll(async () => {
    t = await startTestEngineOn(backend, {
      port: 0,
      simulatorConfig: { ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } },
      env: { GDIAL_CALLS_PER_SECOND: '50', GDIAL_MAX_CONCURRENT_CALLS: '50', GDIAL_SMS_SEGMENTS_PER_SECOND: '50' },
    });
    admin = await t.signedIn('admin');
    base = t.engine.url!;
  });
  afterAll(() => t?.stop());

  const newKey = (input: MethodInput<'apiKeys.create'>) => t.call(admin, 'apiKeys.create', input);

  async function api(path: string, opts: { key?: string | null; body?: string | object; method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.key) headers.Authorization = `Bearer ${opts.key}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const res = await fetch(`${base}${path}`, { method: opts.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Answer['body'] };
  }

  const auditOf = (actor: string) =>
    t.engine.store.all<{ action: string; targetId: string | null; details: string }>(
      sql`SELECT action, target_id AS "targetId", details FROM audit_log WHERE actor_name = ${actor} ORDER BY id`,
    );

  it('a new key is shown once, only its hash is stored, and it calls a method over HTTP', async () => {
    const { key, secret } = await newKey({ name: 'Larmcentral', role: 'viewer' });
    expect(secret).toMatch(/^gdk_[A-Za-z0-9_-]{43}$/);
    expect(key.prefix).toBe(secret.slice(0, 12));
    const row = await t.engine.store.get<Record<string, unknown>>(sql`SELECT * FROM api_keys WHERE id = ${key.id}`);
    expect(row!.hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(Object.values(row!).some((v) => typeof v === 'string' && v.includes(secret))).toBe(false);
    expect(JSON.stringify(await t.call(admin, 'apiKeys.list', {}))).not.toContain(secret);

    const lastUsed = async () => (await t.engine.store.get<{ at: number | null }>(sql`SELECT last_used_at AS "at" FROM api_keys WHERE id = ${key.id}`))!.at;
    expect(await lastUsed()).toBeNull();
    const listed = await api('/api/v1/alerts/list', { key: secret });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ ok: true, value: [] });
    const firstUse = await lastUsed();
    expect(firstUse).not.toBeNull();
    const posted = await api('/api/v1/system/info', { key: secret, body: {} });
    expect(posted.status).toBe(200);
    expect((posted.body.value as { version: string }).version).toBeTruthy();
    // Noted at most once a minute: the second request wrote nothing.
    expect(Number(await lastUsed())).toBe(Number(firstUse));
    const [seen] = (await t.call(admin, 'apiKeys.list', {})).filter((k) => k.id === key.id);
    expect(seen!.lastUsedAt).toBe(new Date(Number(firstUse)).toISOString());

    const audit = await auditOf('api:Larmcentral');
    expect(audit.map((a) => [a.action, a.targetId, JSON.parse(a.details).status])).toEqual([
      ['api.call', 'alerts.list', 200],
      ['api.call', 'system.info', 200],
    ]);
    const created = await t.engine.store.get<{ actorName: string; details: string }>(
      sql`SELECT actor_name AS "actorName", details FROM audit_log WHERE action = 'apiKeys.create' AND target_id = ${String(key.id)}`,
    );
    expect(created!.actorName).toBe('admin');
    expect(JSON.parse(created!.details)).toMatchObject({ name: 'Larmcentral', role: 'viewer' });
  });

  it('refuses a taken name with a conflict, and a pattern that names no API method', async () => {
    await newKey({ name: 'Dubblett', role: 'viewer' });
    const again = await t.engine.router.call(admin, 'apiKeys.create', { name: 'Dubblett', role: 'operator' });
    expect(again).toMatchObject({ ok: false, error: { kind: 'conflict', code: 'apiKeys.name_taken' } });
    const typo = await t.engine.router.call(admin, 'apiKeys.create', { name: 'Stavfel', role: 'viewer', allowedMethods: ['alerts.lanch'] });
    expect(typo).toMatchObject({ ok: false, error: { kind: 'validation', code: 'apiKeys.unknown_method' } });
    const consoleOnly = await t.engine.router.call(admin, 'apiKeys.create', { name: 'Admin?', role: 'operator', allowedMethods: ['users.*'] });
    expect(consoleOnly).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });

  it('a viewer key is refused an operator method (403), and the refusal is audited by key name', async () => {
    const { secret } = await newKey({ name: 'Tittare', role: 'viewer' });
    const refused = await api('/api/v1/groups/create', { key: secret, body: { name: 'Nya' } });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ kind: 'forbidden', code: 'auth.forbidden' });
    expect((await t.call(admin, 'groups.list', {})).map((g) => g.name)).not.toContain('Nya');
    expect((await auditOf('api:Tittare')).map((a) => [a.targetId, JSON.parse(a.details).status])).toEqual([['groups.create', 403]]);
  });

  it('an allowlist limits a key to the methods it names', async () => {
    const { secret } = await newKey({ name: 'Bara larm', role: 'operator', allowedMethods: ['alerts.get', 'groups.*'] });
    const other = await api('/api/v1/alerts/list', { key: secret });
    expect(other.status).toBe(403);
    expect(other.body.error).toMatchObject({ kind: 'forbidden', code: 'api.method_not_allowed' });
    expect((await api('/api/v1/groups/list', { key: secret })).status).toBe(200);
    const missing = await api('/api/v1/alerts/get', { key: secret, body: { id: 99_999 } });
    expect(missing.status).toBe(404);
    expect(missing.body.error!.kind).toBe('not_found');
  });

  it('revocation takes effect at once: the next request is 401', async () => {
    const { key, secret } = await newKey({ name: 'Återkallas', role: 'viewer' });
    expect((await api('/api/v1/dashboard/get', { key: secret })).status).toBe(200);
    const revoked = await t.call(admin, 'apiKeys.revoke', { id: key.id });
    expect(revoked.revokedAt).not.toBeNull();
    const after = await api('/api/v1/dashboard/get', { key: secret });
    expect(after.status).toBe(401);
    expect(after.body.error).toMatchObject({ kind: 'unauthenticated', code: 'api.key_invalid' });
    expect(after.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const again = await t.call(admin, 'apiKeys.revoke', { id: key.id });
    expect(again.revokedAt).toBe(revoked.revokedAt);
    const revocations = await t.engine.store.all(sql`SELECT id FROM audit_log WHERE action = 'apiKeys.revoke' AND target_id = ${String(key.id)}`);
    expect(revocations).toHaveLength(1);
  });

  it('without a key, or with one never issued: 401', async () => {
    expect((await api('/api/v1/alerts/list')).body.error).toMatchObject({ kind: 'unauthenticated', code: 'api.key_missing' });
    expect((await api('/api/v1/alerts/list', { key: 'gdk_' + 'A'.repeat(43) })).status).toBe(401);
  });

  it('a burst beyond the limit is answered 429 with Retry-After, and the key works again after it', async () => {
    const { secret } = await newKey({ name: 'Ivrig', role: 'viewer' });
    const answers = await Promise.all(Array.from({ length: 120 }, () => api('/api/v1/carrier/status', { key: secret })));
    const limited = answers.filter((a) => a.status === 429);
    const served = answers.filter((a) => a.status === 200);
    expect(limited.length).toBeGreaterThan(0);
    expect(served.length).toBeGreaterThanOrEqual(50);
    expect(served.length + limited.length).toBe(120);
    const retryAfter = Number(limited[0]!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(limited[0]!.body.error).toMatchObject({ kind: 'unavailable', code: 'api.rate_limited' });
    // Another key is not held back by this one's burst.
    const { secret: other } = await newKey({ name: 'Lugn', role: 'viewer' });
    expect((await api('/api/v1/carrier/status', { key: other })).status).toBe(200);
    await new Promise((r) => setTimeout(r, retryAfter * 1000 + 100));
    expect((await api('/api/v1/carrier/status', { key: secret })).status).toBe(200);
  });

  it('alerts.launch with the same Idempotency-Key twice launches one alert', async () => {
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 3, 'Räddningsstyrka');
    const { secret } = await newKey({ name: 'Larmmottagare', role: 'operator' });
    const body = { draft: draft(groupId) };
    const headers = { 'Idempotency-Key': 'larm-2026-000123' };
    const first = await api('/api/v1/alerts/launch', { key: secret, body, headers });
    expect(first.status).toBe(200);
    const second = await api('/api/v1/alerts/launch', { key: secret, body, headers });
    expect(second.status).toBe(200);
    const id = (first.body.value as { id: number }).id;
    expect((second.body.value as { id: number }).id).toBe(id);
    const rows = await t.engine.store.all(sql`SELECT id FROM alerts WHERE launch_key = ${'larm-2026-000123'}`);
    expect(rows).toHaveLength(1);
    const launched = await t.engine.store.get<{ actorName: string }>(
      sql`SELECT actor_name AS "actorName" FROM audit_log WHERE action = 'alerts.launch' AND target_id = ${String(id)}`,
    );
    expect(launched!.actorName).toBe('api:Larmmottagare');

    const mismatch = await api('/api/v1/alerts/launch', { key: secret, body: { ...body, launchKey: 'another-key-1' }, headers });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error).toMatchObject({ kind: 'validation', code: 'api.idempotency_key_mismatch' });
    const got = await api('/api/v1/alerts/get', { key: secret, body: { id } });
    expect((got.body.value as { id: number }).id).toBe(id);
  });

  it('bad JSON is 400, an unknown or console-only method 404, a wrong verb 405, a large body 413', async () => {
    const { secret } = await newKey({ name: 'Slarvig', role: 'operator' });
    const bad = await api('/api/v1/groups/create', { key: secret, body: '{"name": ' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ kind: 'validation', code: 'api.bad_json' });
    const invalid = await api('/api/v1/groups/create', { key: secret, body: { name: '' } });
    expect(invalid.status).toBe(400);
    for (const path of ['/api/v1/alerts/explode', '/api/v1/alerts/approve', '/api/v1/users/list', '/api/v1/apiKeys/list', '/api/v1/auth/me', '/api/v1/secrets/status', '/api/v1/backups/run', '/api/v1/nothing']) {
      const answer = await api(path, { key: secret, body: {} });
      expect(answer.status, path).toBe(404);
      expect(answer.body.error!.kind, path).toBe('not_found');
    }
    const getLaunch = await api('/api/v1/alerts/launch', { key: secret });
    expect(getLaunch.status).toBe(405);
    expect(getLaunch.headers.get('allow')).toBe('POST');
    const huge = await api('/api/v1/triggers/json', { key: secret, body: JSON.stringify({ pad: 'x'.repeat(1_100_000) }) });
    expect(huge.status).toBe(413);
    const statuses = (await auditOf('api:Slarvig')).map((a) => JSON.parse(a.details).status);
    expect(statuses).toEqual([400, 400, 404, 404, 404, 404, 404, 404, 404, 404, 405, 413]);
  });

  it('serves the OpenAPI document without a key, the same as system.apiDocument', async () => {
    const open = await fetch(`${base}/api/v1/openapi.json`);
    expect(open.status).toBe(200);
    const document = (await open.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(document).toEqual(await t.call(admin, 'system.apiDocument', {}));
    expect(Object.keys(document.paths)).toContain('/api/v1/alerts/launch');
  });

  it('/metrics: the key part lets in a live key whose allowlist names metrics, wherever it comes from', async () => {
    const settings = await SettingsService.open(t.engine.store, {});
    const door = startApi({ store: t.engine.store, settings, log: silentLogger(), version: 'test' } as unknown as IntegrationDeps);
    const request = (remoteAddress: string, key?: string) =>
      ({ socket: { remoteAddress }, headers: key ? { authorization: `Bearer ${key}` } : {} }) as unknown as IncomingMessage;
    const { key: scraper, secret } = await newKey({ name: 'Prometheus', role: 'viewer', allowedMethods: ['metrics'] });
    const { secret: plain } = await newKey({ name: 'Utan metrics', role: 'viewer' });
    // Loopback is the metrics part's own rule (metrics-access.ts); without a key this says no.
    expect(await door.keyAllowsMetrics(request('127.0.0.1'))).toBe(false);
    expect(await door.keyAllowsMetrics(request('10.0.0.7'))).toBe(false);
    expect(await door.keyAllowsMetrics(request('10.0.0.7', secret))).toBe(true);
    expect(await door.keyAllowsMetrics(request('10.0.0.7', plain))).toBe(false);
    // A metrics-only key calls no method.
    expect((await api('/api/v1/alerts/list', { key: secret })).status).toBe(403);
    await t.call(admin, 'apiKeys.revoke', { id: scraper.id });
    expect(await door.keyAllowsMetrics(request('10.0.0.7', secret))).toBe(false);
  });
});
