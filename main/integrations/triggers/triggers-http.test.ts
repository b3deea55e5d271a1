/**
 * Inbound alarms over real HTTP on loopback, on SQLite and PostgreSQL: a source with an API key
 * posts a JSON alarm and heartbeats (the key's name is the source), posts a CAP 1.2 alert, its
 * Update and its Cancel as XML, and a console signed in as a viewer over the WebSocket hears every
 * change ('proposals.changed'). A launch-at-once rule launches as the key (audited by its name).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, TriggerResult } from '../../contract';
import type { Connection } from '../../rpc/router';
import { bookWithGroup, FAST } from '../../test-support/alert-fixture';
import { engineBackends, startTestEngineOn } from '../../test-support/backends';
import { PASSWORD, type TestEngine } from '../../test-support/engine-fixture';
import { wsClient, type WsTestClient } from '../../test-support/ws-client';

const capFixture = (name: string) => readFileSync(path.join(__dirname, '..', 'cap', 'fixtures', name), 'utf8');

interface Answer {
  status: number;
  body: { ok: boolean; value?: unknown; error?: { kind: string; code?: string } };
}

describe.each(engineBackends())('inbound alarms over HTTP on $name', (backend) => {
  let t: TestEngine;
  let op: Connection;
  let secret: string;
  let console_: WsTestClient;
  let templateId: number;

  beforeAll(async () => {
    t = await startTestEngineOn(backend, {
      port: 0,
      simulatorConfig: { ...FAST, ringMs: { min: 60_000, max: 60_000 } },
      env: { GDIAL_CALLS_PER_SECOND: '50', GDIAL_MAX_CONCURRENT_CALLS: '50' },
    });
    const admin = await t.signedIn('admin');
    op = await t.signedIn('operator');
    await t.signedIn('viewer', 'vakten');
    const { groupId } = await bookWithGroup(t, op, 2, 'Beredskap');
    templateId = (
      await t.call(op, 'templates.create', {
        name: 'Höga flöden',
        smsText: 'Höga flöden väntas. Beredskapsgruppen samlas.',
        alertDefaults: { groupIds: [groupId], channels: ['sms'] },
      } as MethodInput<'templates.create'>)
    ).id;
    ({ secret } = await t.call(admin, 'apiKeys.create', { name: 'Larmcentral', role: 'operator' }));
    console_ = await wsClient(t.engine.url!);
    const login = await console_.call('auth.login', { username: 'vakten', password: PASSWORD });
    if (!login.ok) throw new Error('viewer login failed');
  }, 60_000);
  afterAll(async () => {
    console_?.ws.close();
    await t?.stop();
  });

  async function post(route: string, body: string | object, contentType = 'application/json'): Promise<Answer> {
    const res = await fetch(`${t.engine.url}/api/v1/${route}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  }

  /** Waits for the console to hear of this proposal (generously: 2 s was tight on a loaded machine). */
  async function heard(id: number, created: boolean): Promise<void> {
    for (const end = Date.now() + 10_000; Date.now() < end; ) {
      if (console_.events.some((e) => e.name === 'proposals.changed' && (e.payload as { ids: number[]; created: number[] }).ids.includes(id) && (!created || (e.payload as { created: number[] }).created.includes(id)))) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`the console did not hear of proposal ${id}`);
  }

  it('a JSON alarm and heartbeats with an API key: the key’s name is the source; a viewer’s console hears the proposal', async () => {
    const rule = await t.call(op, 'triggers.createRule', { name: 'Alla', templateId } as MethodInput<'triggers.createRule'>);
    const answer = await post('triggers/json', { id: 'lc-1', sender: 'Larmcentralen', event: 'Brand', headline: 'Brand i Åby' });
    expect(answer.status).toBe(200);
    const result = answer.body.value as TriggerResult;
    expect(result.outcome).toBe('proposed');
    expect(await t.call(op, 'proposals.get', { id: result.proposalId! })).toMatchObject({ sourceKey: 'Larmcentral', format: 'json', ruleId: rule.id });
    await heard(result.proposalId!, true);

    expect((await post('triggers/heartbeat', { everySeconds: 60 })).body).toEqual({ ok: true, value: { outcome: 'heartbeat', proposalId: null, alertId: null } });
    expect(await t.call(op, 'triggers.sources', {})).toEqual([expect.objectContaining({ name: 'Larmcentral', everySeconds: 60, silent: false })]);

    const bad = await post('triggers/json', { id: 'lc-2', sender: 'Larmcentralen' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.kind).toBe('validation');
    const unknown = await post('triggers/json', { id: 'lc-never', sender: 'Larmcentralen', event: 'Brand', msgType: 'Cancel' });
    expect(unknown.status).toBe(404);
    await t.call(op, 'triggers.deleteRule', { id: rule.id });
  });

  it('a CAP alert, its Update and its Cancel as XML: proposed, updated, withdrawn; bad XML is a 400 that changes nothing', async () => {
    const rule = await t.call(op, 'triggers.createRule', { name: 'Höga flöden i Bollnäs', event: 'MYCKET HÖGA FLÖDEN', area: 'bollnäs', templateId } as MethodInput<'triggers.createRule'>);
    const alert = await post('triggers/cap', capFixture('warning-alert.xml'), 'application/xml');
    expect(alert.status).toBe(200);
    const { proposalId } = alert.body.value as TriggerResult;
    const p = await t.call(op, 'proposals.get', { id: proposalId! });
    expect(p).toMatchObject({ format: 'cap', state: 'open', sender: 'varningar@vader.exempel.se', sourceKey: 'Larmcentral', severity: 'Severe', ruleId: rule.id });
    expect(p.draft).toMatchObject({ title: 'Orange varning – mycket höga flöden i Ljusnan', templateId, channels: ['sms'] });
    await heard(proposalId!, true);

    // The same document again is the same proposal.
    expect((await post('triggers/cap', capFixture('warning-alert.xml'), 'application/xml')).body.value).toMatchObject({ outcome: 'duplicate', proposalId });
    const update = await post('triggers/cap', capFixture('warning-update.xml'), 'application/xml');
    expect(update.body.value).toEqual({ outcome: 'updated', proposalId, alertId: null });
    expect((await t.call(op, 'proposals.get', { id: proposalId! })).updates).toBe(1);

    const before = await t.engine.store.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM proposals`);
    const broken = await post('triggers/cap', capFixture('not-well-formed.xml'), 'application/xml');
    expect(broken.status).toBe(400);
    expect(await t.engine.store.get<{ n: number }>(sql`SELECT COUNT(*) AS n FROM proposals`)).toEqual(before);

    const cancel = await post('triggers/cap', capFixture('warning-cancel.xml'), 'text/xml');
    expect(cancel.body.value).toEqual({ outcome: 'withdrawn', proposalId, alertId: null });
    expect((await t.call(op, 'proposals.get', { id: proposalId! })).state).toBe('withdrawn');
    await t.call(op, 'triggers.deleteRule', { id: rule.id });
  });

  it('a launch-at-once rule launches as the API key, audited by its name', async () => {
    const rule = await t.call(op, 'triggers.createRule', { name: 'Direkt', templateId, launchAtOnce: true } as MethodInput<'triggers.createRule'>);
    const answer = await post('triggers/json', { id: 'lc-now', sender: 'Larmcentralen', event: 'Brand', headline: 'Brand nu' });
    const result = answer.body.value as TriggerResult;
    expect(result.outcome).toBe('launched');
    const launch = await t.engine.store.get<{ actor: string; details: string }>(
      sql`SELECT actor_name AS "actor", details FROM audit_log WHERE action = 'alerts.launch' AND target_id = ${String(result.alertId)}`,
    );
    expect(launch?.actor).toBe('api:Larmcentral');
    expect(JSON.parse(launch!.details)).toMatchObject({ proposalId: result.proposalId, launchKey: `gdial-proposal-${result.proposalId}` });
    await t.call(op, 'triggers.deleteRule', { id: rule.id });
  });
});
