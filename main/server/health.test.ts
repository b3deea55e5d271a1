// /healthz and /readyz mean what they say, on the console port and the webhook port: healthz
// answers while the process does; readyz only while the database takes a write (503 while it
// is cut off, 200 again when it is back). /metrics keeps answering meanwhile and says the
// database could not be read, rather than showing stale figures.
import { afterEach, describe, expect, it } from 'vitest';
import { parseExposition } from '../test-support/exposition-parser';
import { engineBackends, startTestEngineOn } from '../test-support/backends';
import type { TestEngine } from '../test-support/engine-fixture';
import { cuttableLink, type CuttableLink } from '../test-support/tcp-cut';

let t: TestEngine | null = null;
let link: CuttableLink | null = null;
afterEach(async () => {
  await t?.stop();
  await link?.close();
  t = null;
  link = null;
});

async function get(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe.each(engineBackends())('health on $name', (backend) => {
  it('a lone engine: healthz and readyz 200 on both ports, naming the workstation and its lead', async () => {
    t = await startTestEngineOn(backend, { port: 0, env: { GDIAL_WORKSTATION_NAME: 'Vakt 2' } });
    for (const base of [t.engine.url!, t.engine.dispatch!.webhooks.url]) {
      expect(await get(`${base}/healthz`)).toEqual({ status: 200, body: { ok: true, workstation: 'Vakt 2', role: 'leader' } });
      expect(await get(`${base}/readyz`)).toEqual({ status: 200, body: { ok: true, database: 'writable', workstation: 'Vakt 2', role: 'leader' } });
    }
  });
});

// PostgreSQL only: SQLite is a file in the data directory and cannot be cut off.
describe.each(engineBackends().filter((b) => b.name === 'postgres'))('health on $name when the database goes away', (backend) => {
  it('readyz 503 while the database is cut off and 200 when it is back; healthz 200 throughout; metrics say database_up 0', async () => {
    const through = {
      name: backend.name,
      database: async () => {
        const db = await backend.database();
        const url = new URL(db.databaseUrl!);
        link = await cuttableLink(Number(url.port), url.hostname);
        url.port = String(link.port);
        return { databaseUrl: url.toString(), drop: db.drop };
      },
    };
    t = await startTestEngineOn(through, { port: 0 });
    const base = t.engine.url!;
    expect((await get(`${base}/readyz`)).status).toBe(200);
    const admin = await t.signedIn('admin');
    const { secret } = await t.call(admin, 'apiKeys.create', { name: 'Övervakning', role: 'viewer', allowedMethods: ['metrics'] });
    const fromElsewhere = () => fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${secret}`, 'x-forwarded-for': '203.0.113.9' } });
    expect((await fromElsewhere()).status).toBe(200);

    link!.cut();
    await expect.poll(async () => (await get(`${base}/readyz`)).status, { timeout: 15_000 }).toBe(503);
    expect((await get(`${base}/readyz`)).body).toMatchObject({ ok: false, database: 'unavailable' });
    expect((await get(`${t.engine.dispatch!.webhooks.url}/readyz`)).status).toBe(503);
    expect(await get(`${base}/healthz`)).toMatchObject({ status: 200, body: { ok: true } });
    const started = Date.now();
    const during = await fetch(`${base}/metrics`);
    expect(during.status).toBe(200);
    const m = parseExposition(await during.text());
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(m.value('gdial_database_up')).toBe(0);
    expect(m.all('gdial_alerts')).toHaveLength(0);
    // The lead is lost with the database (its lock lives on a connection): the gauge says so.
    expect(m.value('gdial_leader')).toBe(0);
    // From elsewhere the key cannot be checked now: unavailable, not a refusal of the key.
    expect((await fromElsewhere()).status).toBe(503);

    link!.mend();
    await expect.poll(async () => (await get(`${base}/readyz`)).status, { timeout: 20_000 }).toBe(200);
    const after = async () => parseExposition(await (await fetch(`${base}/metrics`)).text());
    await expect.poll(async () => (await after()).value('gdial_database_up'), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => (await after()).value('gdial_leader'), { timeout: 15_000 }).toBe(1);
  }, 60_000);
});
