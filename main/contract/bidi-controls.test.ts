/**
 * Bidirectional override characters (U+202A–U+202E, U+2066–U+2069) never get in: the contract
 * strips them from every name and text, an import file loses them before it is read, and the
 * carrier adapter strips them from every SMS as a last defence.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../carriers/simulator';
import { createTwilioAdapter } from '../carriers/twilio-adapter';
import { readImportFile } from '../contacts/files/read-import-file';
import { bookWithGroup, draft, FAST, waitForAlert } from '../test-support/alert-fixture';
import { startTestEngine, type TestEngine } from '../test-support/engine-fixture';
import { BIDI_CONTROLS, stripBidiControls } from './common';
import { methods } from './methods';

const ALL = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069';
const RLO = '\u202E';
const hasBidi = (text: string) => new RegExp(BIDI_CONTROLS.source).test(text);

let t: TestEngine | null = null;
let sim: Simulator | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
  await sim?.stop();
  sim = null;
});

describe('bidi override characters', () => {
  it('are all of U+202A–U+202E and U+2066–U+2069, and nothing else', () => {
    expect(stripBidiControls(`a${ALL}b`)).toBe('ab');
    // Marks and joiners that Arabic and Hebrew names need stay (LRM, RLM, ZWJ, ZWNJ).
    expect(stripBidiControls('\u200E\u200F\u200D\u200C')).toBe('\u200E\u200F\u200D\u200C');
  });

  it('are stripped by the contract from every name and text on input', () => {
    const contact = methods['contacts.create'].input.parse({
      name: `${RLO}Anna Berg`,
      organisation: `Rädd${ALL}ningstjänsten`,
      title: `\u2066Chef\u2069`,
      notes: `ring ${RLO}0701234567`,
      tags: [`${RLO}styrka`],
      numbers: [{ number: '070-123 45 67', label: `\u202Dmobil` }],
    });
    expect(contact).toMatchObject({ name: 'Anna Berg', organisation: 'Räddningstjänsten', title: 'Chef', notes: 'ring 0701234567', tags: ['styrka'] });
    expect(contact.numbers[0]!.label).toBe('mobil');

    const launch = methods['alerts.launch'].input.parse({
      launchKey: 'key-0001',
      draft: { title: `Brand ${RLO}i Åby`, voiceText: `Samling${RLO} vid stationen`, smsText: `Svara ${RLO}JA`, channels: ['sms'], groupIds: [1] },
    });
    expect(launch.draft).toMatchObject({ title: 'Brand i Åby', voiceText: 'Samling vid stationen', smsText: 'Svara JA' });

    const template = methods['templates.create'].input.parse({ name: `${RLO}Brand`, voiceText: `a${RLO}b`, smsText: `c\u2067d` });
    expect(template).toMatchObject({ name: 'Brand', voiceText: 'ab', smsText: 'cd' });
    expect(methods['groups.create'].input.parse({ name: `Styrka${RLO}`, description: `x${RLO}` })).toMatchObject({ name: 'Styrka', description: 'x' });
    expect(methods['users.create'].input.parse({ username: 'lisa', displayName: `${RLO}Lisa`, role: 'operator', password: 'x' }).displayName).toBe('Lisa');
    // A name of nothing but controls is an empty name, refused as one.
    expect(methods['contacts.create'].input.safeParse({ name: ALL }).success).toBe(false);
  });

  it('are gone from names read from an import file, CSV and vCard alike', () => {
    const limits = { maxBytes: 1_000_000, maxRows: 100, maxLineBytes: 10_000 };
    const csv = new TextEncoder().encode(`namn,mobil,organisation\n${RLO}Anna Berg,070-123 45 67,Rädd${ALL}ning\n`);
    const fromCsv = readImportFile(csv, { fileName: 'bok.csv', limits });
    expect(fromCsv.records[0]).toMatchObject({ name: 'Anna Berg', organisation: 'Räddning' });
    const vcf = new TextEncoder().encode(`BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${RLO}Bo \u2066Ek\u2069\r\nTEL;TYPE=CELL:0701234568\r\nEND:VCARD\r\n`);
    const fromVcard = readImportFile(vcf, { fileName: 'bok.vcf', limits });
    expect(fromVcard.records[0]!.name).toBe('Bo Ek');
    expect(JSON.stringify([fromCsv.records, fromVcard.records])).not.toMatch(BIDI_CONTROLS);
  });

  it('a contact saved through the engine is stored without them', async () => {
    t = await startTestEngine();
    const op = await t.signedIn('operator');
    const saved = await t.call(op, 'contacts.create', { name: `${RLO}Anna Berg`, notes: `a${ALL}b`, numbers: [{ number: '070-123 45 67' }] });
    expect(await t.call(op, 'contacts.get', { id: saved.id })).toMatchObject({ name: 'Anna Berg', notes: 'ab' });
    const row = t.engine.db.$client.prepare('SELECT name, notes FROM contacts WHERE id = ?').get(saved.id) as { name: string; notes: string };
    expect(hasBidi(row.name + row.notes)).toBe(false);
  });

  it('never reach an SMS: an alert text is clean at the simulator', async () => {
    t = await startTestEngine({ env: { GDIAL_SMS_SEGMENTS_PER_SECOND: '50' }, simulatorConfig: FAST });
    const op = await t.signedIn('operator');
    const { groupId, numbers } = await bookWithGroup(t, op, 1);
    const alert = await t.call(op, 'alerts.launch', {
      launchKey: 'bidi-launch',
      draft: draft(groupId, { channels: ['sms'], title: `Brand${RLO}`, smsText: `Brand i ${RLO}Åby. Samling ${ALL}vid stationen.` }),
    });
    await waitForAlert(t, op, alert.id, (a) => a.counters.smsSent === 1);
    const s = t.engine.dispatch!.simulator!;
    const res = await fetch(`${s.url}/2010-04-01/Accounts/${s.accountSid}/Messages.json?To=${encodeURIComponent(numbers[0]!)}`, {
      headers: { Authorization: `Basic ${Buffer.from(`${s.accountSid}:${s.authToken}`).toString('base64')}` },
    });
    const bodies = ((await res.json()) as { messages: Array<{ body: string }> }).messages.map((m) => m.body);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain('Brand i Åby. Samling vid stationen.');
    expect(hasBidi(bodies[0]!)).toBe(false);
  });

  it('never reach an SMS even if a text got past the contract (the adapter strips them)', async () => {
    sim = await startSimulator({ ...FAST });
    const carrier = createTwilioAdapter({ accountSid: sim.accountSid, authToken: sim.authToken, baseUrl: sim.url, timeoutMs: 5000, local: true });
    const to = '+46701230000';
    await carrier.createMessage({ to, from: '+46101234567', body: `Larm${RLO} från ${ALL}en äldre version` });
    const res = await fetch(`${sim.url}/2010-04-01/Accounts/${sim.accountSid}/Messages.json?To=${encodeURIComponent(to)}`, {
      headers: { Authorization: `Basic ${Buffer.from(`${sim.accountSid}:${sim.authToken}`).toString('base64')}` },
    });
    const bodies = ((await res.json()) as { messages: Array<{ body: string }> }).messages.map((m) => m.body);
    expect(bodies).toEqual(['Larm från en äldre version']);
  });
});
