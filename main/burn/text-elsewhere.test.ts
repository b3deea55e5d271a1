/**
 * "The text is gone from GDial": copies of a burn message's words typed into templates and
 * schedules (and earlier alerts) are named before launch, and at the burn a spent one-off schedule
 * is blanked while templates, schedules that will still run and other alerts are kept and named
 * (in the alert and the audit).
 */
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { testBackends } from '../test-support/backends';
import { startTestEngine, type TestEngine } from '../test-support/engine-fixture';
import { BLANKED_TEXT, blankTextElsewhere, normaliseText, textElsewhere } from './text-elsewhere';

const SECRET = 'Hemligt larm Zebra4711 vid norra porten';

let t: TestEngine | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

describe('normaliseText', () => {
  it('treats any run of whitespace as one space and ignores the ends', () => {
    expect(normaliseText('  Hemligt\tlarm\n\nZebra4711  ')).toBe('Hemligt larm Zebra4711');
    expect(normaliseText('a\u00a0b')).toBe('a b');
  });
});

describe.each(testBackends())('textElsewhere on $name', (backend) => {
  it('names templates (case-blind by name), schedules and other alerts with the same words; blanks only a spent one-off schedule', async () => {
    const { store, close } = await backend.open();
    try {
      const spec = (voiceText: string, smsText = '') => JSON.stringify({ title: 't', voiceText, smsText });
      for (const [name, voice] of [['b mall', `  ${SECRET} `], ['A mall', SECRET], ['Annan', 'Något annat']]) {
        await store.run(sql`INSERT INTO templates (name, voice_text, created_at, updated_at) VALUES (${name}, ${voice}, 1, 1)`);
      }
      const schedule = async (name: string, kind: 'once' | 'recurring', next: number | null, alertSpec: string) =>
        (await store.get<{ id: number }>(sql`
          INSERT INTO schedules (name, kind, run_at, cron, time_zone, alert_spec, missed_policy, paused, next_run_at, created_at, updated_at)
          VALUES (${name}, ${kind}, ${kind === 'once' ? 5 : null}, ${kind === 'once' ? null : '0 9 * * 1'}, 'Europe/Stockholm', ${alertSpec}, 'skip', 0, ${next}, 1, 1)
          RETURNING id`))!.id;
      const spent = await schedule('Redan körd', 'once', null, spec(SECRET));
      const later = await schedule('planerad', 'once', 10, spec('x', `${SECRET}\n`));
      const weekly = await schedule('Vecka', 'recurring', 10, spec(SECRET));
      const alert = async (key: string, title: string, voice: string) =>
        (await store.get<{ id: number }>(sql`
          INSERT INTO alerts (launch_key, title, state, channels, policy, voice_text, created_at) VALUES (${key}, ${title}, 'completed', '["voice"]', '{}', ${voice}, 1)
          RETURNING id`))!.id;
      const earlier = await alert('a', 'Tidigare', SECRET);
      const own = await alert('b', 'Detta', SECRET);

      const found = await textElsewhere(store, { voiceText: SECRET, smsText: '' }, own);
      expect(found.map((f) => [f.kind, f.name, f.action])).toEqual([
        ['template', 'A mall', 'kept'],
        ['template', 'b mall', 'kept'],
        ['schedule', 'planerad', 'kept'],
        ['schedule', 'Redan körd', 'blanked'],
        ['schedule', 'Vecka', 'kept'],
        ['alert', 'Tidigare', 'kept'],
      ]);
      expect(found.find((f) => f.kind === 'alert')!.id).toBe(earlier);
      expect(await textElsewhere(store, { voiceText: BLANKED_TEXT, smsText: ' ' })).toEqual([]);

      await store.unit((tx) => blankTextElsewhere(tx, own, { voiceText: SECRET, smsText: '' }, 99));
      const specs = await store.all<{ id: number; alert_spec: string }>(sql`SELECT id, alert_spec FROM schedules ORDER BY id`);
      const voiceOf = (id: number) => (JSON.parse(specs.find((x) => x.id === id)!.alert_spec) as { voiceText: string }).voiceText;
      expect([voiceOf(spent), voiceOf(later), voiceOf(weekly)]).toEqual([BLANKED_TEXT, 'x', SECRET]);
    } finally {
      await close();
    }
  });
});

describe('copies of a burn message in templates and schedules', () => {
  it('are named in the pre-flight; the burn blanks a spent one-off schedule, keeps the rest and says where the text still is', async () => {
    t = await startTestEngine({ simulatorConfig: { ...FAST, outcomes: { answer: 0, busy: 0, noAnswer: 1, voicemail: 0, failed: 0 } } });
    const op = await t.signedIn('operator');
    const admin = await t.signedIn('admin');
    const { groupId } = await bookWithGroup(t, op, 1);
    // The same words, typed with other line breaks and spacing, as the voice or the SMS text.
    const template = await t.call(op, 'templates.create', { name: 'Mall Väst', voiceText: `  Hemligt larm\nZebra4711 vid  norra porten ` });
    await t.call(op, 'templates.create', { name: 'Annan mall', voiceText: 'Något helt annat' });
    const recurring = await t.call(op, 'schedules.create', {
      name: 'Veckotest',
      rule: { kind: 'recurring', cron: '0 9 * * 1', timeZone: 'Europe/Stockholm' },
      draft: draft(groupId, { voiceText: 'Veckotest', smsText: SECRET, channels: ['voice', 'sms'] }),
    });
    const later = await t.call(op, 'schedules.create', {
      name: 'Planerad',
      rule: { kind: 'once', runAt: new Date(Date.now() + 86_400_000).toISOString() },
      draft: draft(groupId, { voiceText: SECRET }),
    });
    const spent = await t.call(op, 'schedules.create', {
      name: 'Redan körd',
      rule: { kind: 'once', runAt: new Date(Date.now() + 86_400_000).toISOString() },
      draft: draft(groupId, { voiceText: `${SECRET}\n` }),
    });
    // An earlier ordinary alert that said the same (its record stays until an admin burns it).
    const earlier = await t.call(op, 'alerts.launch', { launchKey: 'same-words-before', draft: draft(groupId, { title: 'Tidigare larm', voiceText: SECRET, policy: { cycles: 1 } } as never) });
    await waitForAlert(t, op, earlier.id);
    // As a one-off schedule is once it has run: no next run, ever.
    t.engine.db.$client.prepare('UPDATE schedules SET next_run_at = NULL, last_run_at = ? WHERE id = ?').run(Date.now() - 60_000, spent.id);

    const burnDraft = draft(groupId, { voiceText: SECRET, burn: { after: 'delivery', minutes: 60 }, policy: { cycles: 1 } } as never);
    const check = await t.call(op, 'alerts.preflight', { draft: burnDraft } as never);
    const expected = [
      { kind: 'template', id: template.id, name: 'Mall Väst', action: 'kept' },
      { kind: 'schedule', id: later.id, name: 'Planerad', action: 'kept' },
      { kind: 'schedule', id: spent.id, name: 'Redan körd', action: 'blanked' },
      { kind: 'schedule', id: recurring.id, name: 'Veckotest', action: 'kept' },
      { kind: 'alert', id: earlier.id, name: 'Tidigare larm', action: 'kept' },
    ];
    expect(check.burnTextElsewhere).toEqual(expected);
    // Not a burn message: nothing to say.
    expect((await t.call(op, 'alerts.preflight', { draft: draft(groupId, { voiceText: SECRET }) } as never)).burnTextElsewhere).toEqual([]);

    const alert = await t.call(op, 'alerts.launch', { launchKey: 'burn-elsewhere', draft: burnDraft });
    await waitForAlert(t, op, alert.id);
    await t.engine.dispatch!.burner.tick();
    const burned = await t.call(op, 'alerts.get', { id: alert.id });
    expect(burned.burn?.burnedAt).not.toBeNull();
    expect(burned.burn?.textElsewhere).toEqual(expected);

    const schedules = await t.call(op, 'schedules.list', {} as never);
    const byId = (id: number) => schedules.find((s: { id: number }) => s.id === id) as unknown as { draft: { voiceText: string; smsText: string } };
    expect(byId(spent.id).draft).toMatchObject({ voiceText: BLANKED_TEXT, smsText: BLANKED_TEXT });
    expect(byId(later.id).draft.voiceText).toBe(SECRET);
    expect(byId(recurring.id).draft.smsText).toBe(SECRET);
    expect((await t.call(op, 'alerts.get', { id: earlier.id })).voiceText).toBe(SECRET);
    expect((await t.call(op, 'templates.list', {} as never)).find((x: { id: number }) => x.id === template.id)?.voiceText).toContain('Zebra4711');
    // The schedule's copy is gone from its row, not only from what the contract shows.
    const spec = t.engine.db.$client.prepare('SELECT alert_spec FROM schedules WHERE id = ?').get(spent.id) as { alert_spec: string };
    expect(spec.alert_spec.includes('Zebra4711')).toBe(false);

    const [entry] = await t.call(admin, 'audit.list', { action: 'alerts.burn' } as never);
    expect(entry).toBeDefined();
    expect(JSON.stringify(entry)).toContain('Redan körd');
    expect(JSON.stringify(entry)).not.toContain('Zebra4711');
  }, 60_000);
});
