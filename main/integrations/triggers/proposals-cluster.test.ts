/**
 * Proposals in a cluster: two engines in this process on one PostgreSQL database, as two
 * workstations. A JSON alarm received by engine A reaches a listener on engine B's bus within
 * seconds (B follows the shared table), named as created once; A's own consoles hear it once as
 * created too, though A's follower sees the row as well. A dismissal on B reaches A.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload, MethodInput } from '../../contract';
import type { Connection } from '../../rpc/router';
import { engineBackends } from '../../test-support/backends';
import { PASSWORD, startTestEngine, type TestEngine } from '../../test-support/engine-fixture';
import { followTiming } from './proposals-follower';

type Changed = EventPayload<'proposals.changed'>;

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const heard = (events: Changed[], id: number) => events.filter((e) => e.ids.includes(id));
const chimes = (events: Changed[], id: number) => events.filter((e) => e.created.includes(id)).length;

describe.each(engineBackends().filter((b) => b.name === 'postgres'))('proposals across workstations on $name', (backend) => {
  let drop: () => Promise<void> = async () => {};
  const engines: TestEngine[] = [];
  const events: Record<'a' | 'b', Changed[]> = { a: [], b: [] };
  let opA: Connection;
  let opB: Connection;

  beforeAll(async () => {
    const db = await backend.database();
    drop = db.drop;
    for (const name of ['Vakt A', 'Vakt B']) engines.push(await startTestEngine({ port: 0, databaseUrl: db.databaseUrl, env: { GDIAL_WORKSTATION_NAME: name } }));
    const [a, b] = engines as [TestEngine, TestEngine];
    for (const [key, t] of [['a', a] as const, ['b', b] as const]) {
      t.engine.bus.on((name, payload) => {
        if (name === 'proposals.changed') events[key].push(payload as Changed);
      });
    }
    opA = await a.signedIn('operator', 'olof');
    // The users are shared: B signs in the same operator.
    opB = b.engine.connect('test');
    await b.call(opB, 'auth.login', { username: 'olof', password: PASSWORD });
    const template = await a.call(opA, 'templates.create', { name: 'Brand', voiceText: 'Brand.' } as MethodInput<'templates.create'>);
    await a.call(opA, 'triggers.createRule', { name: 'Alla', templateId: template.id } as MethodInput<'triggers.createRule'>);
  }, 60_000);
  afterAll(async () => {
    for (const e of engines.reverse()) await e.stop();
    await drop();
  });

  it('an alarm through engine A reaches engine B’s consoles within seconds, created once on each', async () => {
    const [a, b] = engines as [TestEngine, TestEngine];
    const sentAt = Date.now();
    const { proposalId } = await a.call(opA, 'triggers.json', { id: 'kluster-1', sender: 'SOS Alarm', event: 'Brand', headline: 'Brand i Åby' } as MethodInput<'triggers.json'>);
    const id = proposalId!;
    // B's follower looks every followTiming.everyMs; how soon it hears is a figure for the log,
    // not a timed assertion (a loaded machine delays timers and queries alike).
    await until('engine B to hear of the proposal', () => heard(events.b, id).length > 0, 30_000);
    console.info(`proposal heard on engine B ${Date.now() - sentAt} ms after it was sent to A (B looks every ${followTiming.everyMs} ms)`);
    expect(heard(events.b, id)[0]).toEqual({ ids: [id], created: [id] });
    // B's follower keeps looking: the change is not published again, and A (which also follows) chimes once.
    await new Promise((r) => setTimeout(r, 2.5 * followTiming.everyMs));
    expect(chimes(events.b, id)).toBe(1);
    expect(heard(events.b, id)).toHaveLength(1);
    expect(chimes(events.a, id)).toBe(1);
    expect((await b.call(opB, 'proposals.get', { id })).state).toBe('open');

    // Back the other way: a dismissal on B is news on A, but no new proposal.
    const before = heard(events.a, id).length;
    await b.call(opB, 'proposals.dismiss', { id });
    await until('engine A to hear of the dismissal', () => heard(events.a, id).length > before);
    expect(chimes(events.a, id)).toBe(1);
    expect((await a.call(opA, 'proposals.get', { id })).state).toBe('dismissed');
  }, 60_000);
});
