/**
 * A burn message leaves no trace of its words: not in the database file's bytes, not in the
 * audio cache, not at the carrier — while the trail (hash, times, outcomes, who) stays.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { engineBackends, startTestEngineOn, type EngineBackend } from '../test-support/backends';
import type { TestEngine } from '../test-support/engine-fixture';
import { openStaleReader } from '../test-support/stale-reader';

const SECRET = 'Hemligt larm Zebra4711 vid norra porten';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

/**
 * Every byte GDial keeps of its database: SQLite's file and its WAL; on PostgreSQL the files of
 * every table, TOAST table and index after a checkpoint (the WAL and backups are PostgreSQL's own,
 * see the README).
 */
async function databaseBytes(t: TestEngine): Promise<Buffer> {
  if (t.engine.store.dialect === 'sqlite') {
    const files = ['gdial.db', 'gdial.db-wal'].map((f) => path.join(t.dataDir, f)).filter((f) => existsSync(f));
    return Buffer.concat(files.map((f) => readFileSync(f)));
  }
  await t.engine.store.run(sql`CHECKPOINT`);
  const files = await t.engine.store.all<{ bytes: Buffer }>(sql`
    SELECT pg_read_binary_file(pg_relation_filepath(c.oid)) AS "bytes" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ('public', 'pg_toast') AND c.relkind IN ('r', 't', 'i') AND pg_relation_filepath(c.oid) IS NOT NULL`);
  expect(files.length).toBeGreaterThan(40);
  return Buffer.concat(files.map((f) => f.bytes));
}

const holdsWord = async (t: TestEngine, word: string) => (await databaseBytes(t)).includes(Buffer.from(word));

let backend: EngineBackend;

const audioFiles = (dataDir: string) => (existsSync(path.join(dataDir, 'audio')) ? readdirSync(path.join(dataDir, 'audio')).filter((f) => f.endsWith('.wav')) : []);

describe.each(engineBackends())('burn messages on $name', (onBackend) => {
  beforeAll(() => {
    backend = onBackend;
  });

  it('after delivery: the text is gone from the database bytes and the audio cache, the carrier redacted its texts, the trail stays', async () => {
    t = await startTestEngineOn(backend, {
      env: { GDIAL_CALLS_PER_SECOND: '50', GDIAL_SMS_SEGMENTS_PER_SECOND: '50' },
      simulatorConfig: { ...FAST, outcomes: { answer: 1, busy: 0, noAnswer: 0, voicemail: 0, failed: 0 }, dtmf: { '1': 1 } },
    });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 2);
    const alert = await t.call(op, 'alerts.launch', {
      launchKey: 'burn-after-delivery',
      draft: draft(groupId, { channels: ['voice', 'sms'], voiceText: SECRET, smsText: SECRET, burn: { after: 'delivery' } } as never),
    });
    expect(alert.burn).toMatchObject({ after: 'delivery', burnedAt: null });
    const done = await waitForAlert(t, op, alert.id);
    const sim = t.engine.dispatch!.simulator!;
    await sim.settle();
    // Before: the words are in the file and the message has its own audio.
    expect(await holdsWord(t, SECRET)).toBe(true);
    const audioBefore = audioFiles(t.dataDir);

    await t.engine.dispatch!.burner.tick();
    const burned = await t.call(op, 'alerts.get', { id: alert.id });
    expect(burned.burn?.burnedAt).not.toBeNull();
    expect(burned.voiceText).toBe('');
    expect(burned.smsText).toBe('');
    expect(await holdsWord(t, SECRET)).toBe(false);
    expect(await holdsWord(t, 'Zebra4711')).toBe(false);
    const audioAfter = audioFiles(t.dataDir);
    expect(audioAfter.length).toBe(audioBefore.length - 1);

    // The carrier was asked to blank and delete every text it sent.
    const sids = sim.records().creates.filter((c) => c.channel === 'message').map((c) => c.sid);
    const actions = sim.records().actions;
    for (const sid of sids) {
      expect(actions.some((a) => a.kind === 'redact' && a.sid === sid)).toBe(true);
      expect(actions.some((a) => a.kind === 'delete' && a.sid === sid)).toBe(true);
    }

    // The trail: the content's hash, who and when, and every outcome as it was.
    const trail = (await t.engine.store.get<Record<string, unknown>>(sql`
      SELECT content_sha256, burned_at, carrier_redacted_at FROM burn_messages WHERE alert_id = ${alert.id}`))!;
    expect(trail.content_sha256).toBe(createHash('sha256').update(`${SECRET}\u0000${SECRET}`).digest('hex'));
    expect(trail.carrier_redacted_at).not.toBeNull();
    expect(burned.counters).toEqual(done.counters);
    const audit = await t.call(await t.signedIn('admin'), 'audit.list', { action: 'alerts.burn' });
    expect(audit).toHaveLength(1);
  });

  it('burning a running alert by hand stops it first, then erases it; burning twice is refused', async () => {
    t = await startTestEngineOn(backend, { simulatorConfig: { ...FAST, outcomes: { answer: 0, busy: 0, noAnswer: 1, voicemail: 0, failed: 0 } } });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 3);
    const alert = await t.call(op, 'alerts.launch', {
      launchKey: 'burn-by-hand',
      draft: draft(groupId, { voiceText: SECRET, burn: { after: 'time', minutes: 60 }, policy: { cycles: 3, retryIntervalSeconds: 600 } } as never),
    });
    await waitForAlert(t, op, alert.id, (a) => a.state === 'running');
    const burned = await t.call(op, 'alerts.burn', { id: alert.id });
    expect(burned.state).toBe('canceled');
    expect(burned.voiceText).toBe('');
    expect(burned.burn?.burnedAt).not.toBeNull();
    await expect(t.call(op, 'alerts.burn', { id: alert.id })).rejects.toThrow(/already burned/);
    expect(await holdsWord(t, 'Zebra4711')).toBe(false);
  });

  it("erases the message's audio made under every voice setting, and leaves the fixed phrases' audio alone", async () => {
    t = await startTestEngineOn(backend, { simulatorConfig: { ...FAST, outcomes: { answer: 0, busy: 0, noAnswer: 1, voicemail: 0, failed: 0 } } });
    const admin = await t.signedIn('admin');
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 1);
    const prompts = t.engine.dispatch!.prompts;
    await prompts.warmUp();
    const phrases = audioFiles(t.dataDir);
    const alert = await t.call(op, 'alerts.launch', {
      launchKey: 'burn-two-voices',
      draft: draft(groupId, { voiceText: SECRET, burn: { after: 'time', minutes: 60 }, policy: { cycles: 3, retryIntervalSeconds: 600 } } as never),
    });
    await waitForAlert(t, op, alert.id, (a) => a.state === 'running');
    await prompts.prepareAlert(alert.id);
    // The voice changes between synthesis and burn: the audio made before can no longer be
    // found from the text and today's settings.
    await t.call(admin, 'settings.update', { espeakVoiceSv: 'sv+f3' });
    await prompts.prepareAlert(alert.id);
    const listed = async () =>
      (await t!.engine.store.all<{ audioId: string }>(sql`SELECT audio_id AS "audioId" FROM alert_audio WHERE alert_id = ${alert.id} ORDER BY audio_id`)).map(
        (r) => `${r.audioId}.wav`,
      );
    // Listed: what each voice made, and (noted before synthesis) what the other local engine would make.
    const before = audioFiles(t.dataDir);
    const messageAudio = (await listed()).filter((f) => before.includes(f));
    expect(messageAudio).toHaveLength(2);
    expect((await listed()).length).toBeGreaterThan(messageAudio.length); // Piper's would-be file: listed though never made
    expect(phrases.some((f) => messageAudio.includes(f))).toBe(false);

    await t.call(op, 'alerts.burn', { id: alert.id });
    const after = audioFiles(t.dataDir);
    expect(after.sort()).toEqual(before.filter((f) => !messageAudio.includes(f)).sort());
    expect(after).toEqual(expect.arrayContaining(phrases));
    expect(await listed()).toEqual([]);
  });
});

describe.each(engineBackends())('what a burn refuses on $name', (onBackend) => {
  beforeAll(() => {
    backend = onBackend;
  });

  it('never sends a burned message again, keeps templates out of burn messages, and lets only admins burn ordinary alerts', async () => {
    t = await startTestEngineOn(backend, { simulatorConfig: { ...FAST, outcomes: { answer: 0, busy: 0, noAnswer: 1, voicemail: 0, failed: 0 } } });
    const admin = await t.signedIn('admin');
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 1);
    const burnable = await t.call(op, 'alerts.launch', { launchKey: 'burn-refusals-1', draft: draft(groupId, { voiceText: SECRET, burn: { after: 'delivery' }, policy: { cycles: 1 } } as never) });
    await waitForAlert(t, op, burnable.id);
    await t.engine.dispatch!.burner.tick();
    await expect(t.call(op, 'alerts.resend', { id: burnable.id, to: 'unconfirmed' })).rejects.toThrow(/burned/);

    const template = await t.call(op, 'templates.create', { name: 'Mall', voiceText: SECRET });
    await expect(
      t.call(op, 'alerts.launch', { launchKey: 'burn-refusals-2', draft: draft(groupId, { voiceText: '', templateId: template.id, burn: { after: 'time', minutes: 5 } } as never) }),
    ).rejects.toThrow(/template/);
    await expect(
      t.call(op, 'schedules.create', { name: 'Bränn', rule: { kind: 'once', runAt: new Date(Date.now() + 3_600_000).toISOString() }, draft: draft(groupId, { burn: { after: 'delivery' } } as never) }),
    ).rejects.toThrow(/burn message/);

    const ordinary = await t.call(op, 'alerts.launch', { launchKey: 'burn-refusals-3', draft: draft(groupId, { policy: { cycles: 1 } } as never) });
    await waitForAlert(t, op, ordinary.id);
    await expect(t.call(op, 'alerts.burn', { id: ordinary.id })).rejects.toThrow(/Only an admin/);
    expect((await t.call(admin, 'alerts.burn', { id: ordinary.id })).burn?.burnedAt).toBeTruthy();
  });

  it('erases audio still listed for a burned alert (a crash between the burn and its erase) on the next round', async () => {
    t = await startTestEngineOn(backend, { simulatorConfig: { ...FAST, outcomes: { answer: 0, busy: 0, noAnswer: 1, voicemail: 0, failed: 0 } } });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 1);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'burn-crash-audio', draft: draft(groupId, { voiceText: SECRET, burn: { after: 'delivery' }, policy: { cycles: 1 } } as never) });
    await waitForAlert(t, op, alert.id);
    await t.engine.dispatch!.burner.tick();
    // As if the engine had died right after the burn's commit: a listed file is still there.
    const id = 'c'.repeat(64);
    const orphan = path.join(t.dataDir, 'audio', `${id}.wav`);
    writeFileSync(orphan, 'RIFF');
    await t.engine.store.run(sql`INSERT INTO alert_audio (alert_id, audio_id, created_at) VALUES (${alert.id}, ${id}, ${Date.now()})`);
    await t.engine.dispatch!.burner.tick();
    expect(existsSync(orphan)).toBe(false);
    expect(await t.engine.store.get(sql`SELECT COUNT(*) AS n FROM alert_audio WHERE alert_id = ${alert.id}`)).toEqual({ n: 0 });
  });

  it('keeps the erase pending while a reader still sees the old rows, and finishes it once the reader is gone', async () => {
    t = await startTestEngineOn(backend, { simulatorConfig: { ...FAST, outcomes: { answer: 0, busy: 0, noAnswer: 1, voicemail: 0, failed: 0 } } });
    const op = await t.signedIn('operator');
    const { groupId } = await bookWithGroup(t, op, 1);
    const alert = await t.call(op, 'alerts.launch', { launchKey: 'burn-reader', draft: draft(groupId, { voiceText: SECRET, burn: { after: 'delivery' }, policy: { cycles: 1 } } as never) });
    await waitForAlert(t, op, alert.id);
    const closeReader = await openStaleReader(t.databaseUrl ? { databaseUrl: t.databaseUrl } : { sqliteFile: path.join(t.dataDir, 'gdial.db') });
    await t.engine.dispatch!.burner.tick();
    const pending = () => t!.engine.store.get(sql`SELECT 1 AS "pending" FROM app_meta WHERE key = 'burn_erase_pending'`);
    expect(await pending()).toBeTruthy();
    await closeReader();
    await t.engine.dispatch!.burner.tick();
    expect(await pending()).toBeUndefined();
    expect(await holdsWord(t, 'Zebra4711')).toBe(false);
  });
});
