import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { readCapAlert, referencedMessages } from './cap-in';
import { CAP_MAX_BYTES, validateCap } from './cap-schema';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

/** The refusal `work` ends with (it must refuse). */
async function refusal(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('CAP 1.2 in', () => {
  it('reads an authority-style warning: identity, the Swedish info block, every area', async () => {
    const xml = fixture('warning-alert.xml');
    const alarm = await readCapAlert(xml);
    expect(alarm).toEqual({
      format: 'cap',
      externalId: '2.49.0.1.752.0.20261207081500.4711',
      sender: 'varningar@vader.exempel.se',
      msgType: 'Alert',
      status: 'Actual',
      references: [],
      event: 'Mycket höga flöden',
      headline: 'Orange varning – mycket höga flöden i Ljusnan',
      description: expect.stringMatching(/^Efter kraftigt regn och snösmältning .* kan översvämmas\.$/),
      area: 'Ljusdals kommun; Bollnäs kommun',
      severity: 'Severe',
      urgency: 'Expected',
      document: xml,
    });
  });

  it('reads an Update (namespace prefix, Swedish info block not first) and its reference', async () => {
    const alarm = await readCapAlert(fixture('warning-update.xml'));
    expect(alarm.msgType).toBe('Update');
    expect(alarm.references).toEqual([{ sender: 'varningar@vader.exempel.se', externalId: '2.49.0.1.752.0.20261207081500.4711' }]);
    expect(alarm.headline).toBe('Röd varning – extremt höga flöden i Ljusnan');
    expect(alarm.event).toBe('Extremt höga flöden');
    // A numeric character reference is read as its character.
    expect(alarm.description).toBe('Flödena har stigit snabbare än väntat. Översvämning pågår i Ljusdal åt Färila.');
    expect(alarm.area).toBe('Ljusdals kommun; Bollnäs kommun');
    expect([alarm.severity, alarm.urgency]).toEqual(['Extreme', 'Immediate']);
  });

  it('reads a Cancel without info: both references, empty texts, Unknown severity and urgency', async () => {
    const alarm = await readCapAlert(fixture('warning-cancel.xml'));
    expect(alarm.msgType).toBe('Cancel');
    expect(alarm.references).toEqual([
      { sender: 'varningar@vader.exempel.se', externalId: '2.49.0.1.752.0.20261207081500.4711' },
      { sender: 'varningar@vader.exempel.se', externalId: '2.49.0.1.752.0.20261207121500.4712' },
    ]);
    expect([alarm.event, alarm.headline, alarm.description, alarm.area]).toEqual(['', '', '', '']);
    expect([alarm.severity, alarm.urgency]).toEqual(['Unknown', 'Unknown']);
  });

  it('takes English when there is no Swedish block, and the first block when neither', async () => {
    const en = fixture('warning-alert.xml').replace('<language>sv-SE</language>', '<language>de-DE</language>');
    expect((await readCapAlert(en)).headline).toBe('Orange warning – very high flows in the Ljusnan');
    const neither = en.replace('<language>en-GB</language>', '<language>fi-FI</language>');
    expect((await readCapAlert(neither)).headline).toBe('Orange varning – mycket höga flöden i Ljusnan');
  });

  it('refuses XML that is not well-formed, naming the line', async () => {
    const e = await refusal(readCapAlert(fixture('not-well-formed.xml')));
    expect(e.kind).toBe('validation');
    expect(e.code).toBe('cap.invalid');
    expect(e.params).toEqual({ problem: 'not_well_formed' });
    expect(e.fields?.[0]).toEqual({ path: 'line 12', message: expect.stringMatching(/mismatch.*info/i) });
  });

  it('refuses a status CAP does not know, naming the element and the value', async () => {
    const e = await refusal(readCapAlert(fixture('bad-status.xml')));
    expect([e.kind, e.code, e.params?.problem]).toEqual(['validation', 'cap.invalid', 'schema']);
    expect(e.fields?.[0]?.path).toBe('line 6');
    expect(e.fields?.[0]?.message).toMatch(/cap:status.*'Real'/);
    expect(e.message).toMatch(/not a valid CAP 1\.2 alert/);
  });

  it('refuses an alert without a sender', async () => {
    const e = await refusal(readCapAlert(fixture('missing-sender.xml')));
    expect(e.params?.problem).toBe('schema');
    expect(e.fields?.[0]?.message).toMatch(/cap:sent.*not expected.*Expected is.*cap:sender/);
  });

  it('refuses a document of another kind (not a CAP alert)', async () => {
    const e = await refusal(readCapAlert('<?xml version="1.0"?>\n<alert><identifier>x</identifier></alert>'));
    expect(e.params?.problem).toBe('schema');
    expect(e.fields?.[0]?.message).toMatch(/No matching global declaration/i);
  });

  it('refuses a DOCTYPE with entities before any parser reads it (billion laughs, XXE)', async () => {
    const e = await refusal(readCapAlert(fixture('doctype-entity.xml')));
    expect([e.code, e.params?.problem]).toEqual(['cap.invalid', 'doctype']);
    expect(e.fields).toEqual([{ path: 'line 2', message: '<!DOCTYPE is not accepted' }]);
    const entityOnly = fixture('warning-alert.xml').replace('<alert ', '<!ENTITY x "y"><alert ');
    expect((await refusal(validateCap(entityOnly))).params?.problem).toBe('doctype');
  });

  it('refuses more than 1 MB before validating', async () => {
    const huge = fixture('warning-alert.xml').replace('<note>', '').replace('</description>', `${'å'.repeat(CAP_MAX_BYTES / 2)}</description>`);
    const e = await refusal(readCapAlert(huge));
    expect(e.params?.problem).toBe('too_large');
  });

  it('refuses Ack and Error: they answer a message, they are not alarms', async () => {
    const ack = fixture('warning-cancel.xml').replace('<msgType>Cancel</msgType>', '<msgType>Ack</msgType>');
    const e = await refusal(readCapAlert(ack));
    expect([e.kind, e.code, e.fields?.[0]?.path]).toEqual(['validation', 'cap.unsupported_msg_type', 'msgType']);
  });

  it('reads each references triple as its sender and identifier (a bare identifier is the own sender’s)', () => {
    expect(referencedMessages('a@b,id-1,2026-01-01T00:00:00+00:00\n  c@d,id-2,2026-01-02T00:00:00+00:00 id-3', 'me@x')).toEqual([
      { sender: 'a@b', externalId: 'id-1' },
      { sender: 'c@d', externalId: 'id-2' },
      { sender: 'me@x', externalId: 'id-3' },
    ]);
    expect(referencedMessages('', 'me@x')).toEqual([]);
  });

  it('validates a document in seconds at worst (a worker and the WebAssembly module per call; about 0.1 s on an idle machine)', async () => {
    const xml = fixture('warning-alert.xml');
    await validateCap(xml);
    const started = performance.now();
    await Promise.all([validateCap(xml), validateCap(xml), validateCap(xml), validateCap(xml)]);
    const each = (performance.now() - started) / 4;
    console.info(`CAP validation: ${each.toFixed(0)} ms per document (4 at once, 2 at a time)`);
    // A bound for a loaded machine (CI runs every suite at once); about 0.1 s when idle.
    expect(each).toBeLessThan(5000);
  });
});
