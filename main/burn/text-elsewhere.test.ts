/**
 * "The text is gone from GDial": copies of a burn message's words typed into templates and
 * schedules (and earlier alerts) are named before launch, and at the burn a spent one-off schedule
 * is blanked while templates, schedules that will still run and other alerts are kept and named
 * (in the alert and the audit).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { startTestEngine, type TestEngine } from '../test-support/engine-fixture';
import { BLANKED_TEXT, normaliseText } from './text-elsewhere';

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
