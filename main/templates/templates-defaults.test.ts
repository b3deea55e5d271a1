/**
 * Templates that carry an alert's defaults: stored and read back through the router (so the
 * contract's input and output schemas both apply), refused when the launch would refuse them,
 * left alone by patches that do not name them, and read as message-only when unreadable.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { escalationPolicySchema } from '../contract';
import { bookWithGroup } from '../test-support/alert-fixture';
import { engineBackends, startTestEngineOn, type EngineBackend } from '../test-support/backends';
import { type TestEngine } from '../test-support/engine-fixture';
import { alertDefaultsOf } from './templates-service';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

const policy = { ...escalationPolicySchema.parse({}), quorum: 2, voicemail: 'hang_up' as const, cycles: 3 };

let backend: EngineBackend;

describe.each(engineBackends())('template alert defaults on $name', (onBackend) => {
  beforeAll(() => {
    backend = onBackend;
  });

  it('stores recipients, channels, policy (quorum, voicemail), burn and drill, and reads them back', async () => {
    t = await startTestEngineOn(backend);
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 2, 'Styrka Väst');
    const single = await t.call(op, 'contacts.create', { name: 'Åsa Jour', numbers: [{ number: '070-123 45 67' }] });
    const alertDefaults = { groupIds: [groupId], contactIds: [single.id], channels: ['voice' as const], policy, burn: { after: 'time' as const, minutes: 30 }, drill: true };
    const created = await t.call(op, 'templates.create', { name: 'Brand – Styrka Väst', voiceText: 'Brand.', alertDefaults });
    expect(created.alertDefaults).toEqual(alertDefaults);
    const [listed] = await t.call(op, 'templates.list', {});
    expect(listed?.alertDefaults).toEqual(alertDefaults);

    // A patch that does not name the defaults keeps them; null makes the template message-only.
    const renamed = await t.call(op, 'templates.update', { id: created.id, name: 'Brand – Väst' });
    expect(renamed.alertDefaults).toEqual(alertDefaults);
    const cleared = await t.call(op, 'templates.update', { id: created.id, alertDefaults: null });
    expect(cleared.alertDefaults).toBeNull();
    const audit = await t.call(await t.signedIn('admin'), 'audit.list', { limit: 10 });
    expect(audit.find((e) => e.action === 'templates.update')?.details).toMatchObject({ fields: ['alertDefaults'] });
  });

  it('fills what the defaults leave out with the contract defaults, and a plain template has none', async () => {
    t = await startTestEngineOn(backend);
    const op = await t.signedIn('operator');
    const plain = await t.call(op, 'templates.create', { name: 'Bara text', smsText: 'x' });
    expect(plain.alertDefaults).toBeNull();
    const sparse = await t.call(op, 'templates.create', { name: 'Gles', smsText: 'x', alertDefaults: { groupIds: [], contactIds: [] } as never });
    expect(sparse.alertDefaults).toEqual({ groupIds: [], contactIds: [], channels: ['voice', 'sms'], policy: escalationPolicySchema.parse({}), burn: null, drill: false });
  });

  it('refuses defaults the launch would refuse, naming the field, and writes nothing', async () => {
    t = await startTestEngineOn(backend);
    const op = await t.signedIn('operator');
    const bad = [
      { channels: [] },
      { channels: ['fax'] },
      { policy: { ...policy, quorum: 0 } },
      { policy: { ...policy, voicemail: 'sing' } },
      { burn: { after: 'never', minutes: 5 } },
    ];
    for (const defaults of bad) {
      const error = await t
        .call(op, 'templates.create', { name: 'Fel', smsText: 'x', alertDefaults: defaults as never })
        .then(() => null, (e: { envelope: { kind: string; fields?: Array<{ path: string }> } }) => e.envelope);
      expect(error).toMatchObject({ kind: 'validation' });
      expect(error?.fields?.some((f) => f.path.startsWith('alertDefaults.'))).toBe(true);
    }
    expect(await t.call(op, 'templates.list', {})).toEqual([]);
  });

  it('reads defaults it cannot understand (damaged, or written by a newer GDial) as a message-only template', () => {
    expect(alertDefaultsOf('{"channels":["pigeon"]}')).toBeNull();
    expect(alertDefaultsOf('{not json')).toBeNull();
    expect(alertDefaultsOf(null)).toBeNull();
    expect(alertDefaultsOf(JSON.stringify({ groupIds: [3], channels: ['sms'] }))).toMatchObject({ groupIds: [3], contactIds: [], channels: ['sms'], drill: false });
  });
});
