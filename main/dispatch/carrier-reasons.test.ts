import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attemptReasonCodes, attemptStates, auditActionWords, carrierCodeWords, importReasonWords, phoneProblemWords, vocabularyIn } from '../contract';
import { importReasonText } from '../contacts/import-reasons';
import { ATTEMPT_REASON_CODES, GDIAL_NOTES, attemptReason, reasonWords } from './carrier-reasons';

const SWEDISH_LETTERS = /[åäöÅÄÖ]/;

describe('attempt reasons', () => {
  it('sends only codes the vocabulary has words for, in Swedish and in English', () => {
    expect([...ATTEMPT_REASON_CODES].sort()).toEqual([...attemptReasonCodes].sort());
    const unknown = { sv: vocabularyIn('sv').attemptReasons.unknown, en: vocabularyIn('en').attemptReasons.unknown };
    for (const code of ATTEMPT_REASON_CODES) {
      const sv = reasonWords('sv', { code, params: {} });
      const en = reasonWords('en', { code, params: {} });
      expect(sv, code).not.toBe('');
      expect(en, code).not.toMatch(SWEDISH_LETTERS);
      expect(en, code).not.toBe(sv);
      if (code !== 'unknown') expect([sv, en], code).not.toEqual([unknown.sv, unknown.en]);
    }
  });

  it('covers the Twilio voice and SMS error codes GDial can meet', () => {
    for (const code of ['21211', '21214', '21217', '21408', '21610', '21612', '21614', '30003', '30004', '30005', '30006', '30007', '30008', '13224', '13225', '13227']) {
      expect(carrierCodeWords[code], code).toBeDefined();
    }
  });

  it('says a carrier code in words with the code, in the language asked', () => {
    const reason = attemptReason('failed', '30003', 'Unreachable destination handset')!;
    expect(reason).toMatchObject({ code: 'carrier_30003', params: { carrierCode: '30003' } });
    expect(reasonWords('sv', reason)).toBe('Telefonen är avstängd eller utom täckning (kod 30003)');
    expect(reasonWords('en', reason)).toBe('The phone is switched off or out of coverage (code 30003)');
    expect(reason.message).toBe('The phone is switched off or out of coverage (code 30003)');
  });

  it('keeps an unknown carrier code and its message for logs, but says only words of its own', () => {
    const reason = attemptReason('failed', '99999', 'Something new')!;
    expect(reason).toMatchObject({ code: 'carrier_unknown', params: { carrierCode: '99999' } });
    expect(reason.message).toBe('The carrier refused the attempt (code 99999): Something new');
    expect(reasonWords('sv', reason)).toBe('Operatören avvisade försöket (kod 99999)');
  });

  it('reads the notes GDial writes, old Swedish ones too, and the state when nothing was said', () => {
    for (const [code, notes] of Object.entries(GDIAL_NOTES)) {
      for (const note of notes!) expect(attemptReason('canceled', null, note)?.code, note).toBe(code);
    }
    expect(attemptReason('busy', null, null)?.code).toBe('busy');
    expect(attemptReason('in_doubt', null, 'socket hang up')).toMatchObject({ code: 'in_doubt', message: expect.stringContaining('socket hang up') });
  });

  it('says nothing for attempts that went through or are under way, except why a queued one waits', () => {
    for (const state of attemptStates) {
      if (['queued', 'submitting', 'submitted', 'ringing', 'in_progress', 'completed'].includes(state)) expect(attemptReason(state, null, 'väntar på förbindelse')).toBeNull();
    }
    expect(attemptReason('queued', null, 'väntar på förbindelse', { queuedNotes: true })?.code).toBe('waiting_for_uplink');
  });
});

describe('import reasons and number problems', () => {
  it('has every import reason and number problem in both languages', () => {
    for (const code of Object.keys(importReasonWords) as Array<keyof typeof importReasonWords>) {
      const params = { number: '070-12', problem: 'too_short', line: 3, name: 'Anna', names: 'Anna, Bo', field: 'email', value: 'a@b.se', tags: 't', groups: 'g' };
      expect(importReasonText('en', { code, params }), code).not.toMatch(SWEDISH_LETTERS);
      expect(importReasonText('en', { code, params }), code).not.toMatch(/\{\{/);
      expect(importReasonText('sv', { code, params }), code).not.toMatch(/\{\{/);
    }
    for (const code of Object.keys(phoneProblemWords)) expect(vocabularyIn('en').phoneProblems[code as keyof typeof phoneProblemWords]).not.toMatch(SWEDISH_LETTERS);
    expect(importReasonText('sv', { code: 'bad_number', params: { number: '070-12', problem: 'too_short' } })).toBe('070-12: för kort');
    expect(importReasonText('en', { code: 'field_change', params: { field: 'email', value: 'a@b.se' } })).toBe('Email: a@b.se');
  });
});

describe('audit events', () => {
  /** Every audit action named in the engine's source (recordAudit, the keying's own rows). */
  function auditActionsInSource(dir: string, out = new Set<string>()): Set<string> {
    for (const entry of readdirSync(dir)) {
      const file = path.join(dir, entry);
      if (statSync(file).isDirectory()) auditActionsInSource(file, out);
      else if (file.endsWith('.ts') && !file.endsWith('.test.ts')) {
        for (const line of readFileSync(file, 'utf8').split('\n')) {
          if (!/action[:\s]|_ACTION = /.test(line)) continue;
          for (const m of line.matchAll(/'([a-z]+\.[a-zA-Z_]+)'/g)) if (/^(alerts|audit|auth|backups|contacts|groups|profile|reports|schedules|secrets|settings|templates|users)\./.test(m[1]!)) out.add(m[1]!);
        }
      }
    }
    return out;
  }

  it('has words in both languages for every event the engine records', () => {
    const actions = auditActionsInSource(path.join(__dirname, '..'));
    expect(actions.size).toBeGreaterThan(30);
    const missing = [...actions].filter((a) => !auditActionWords[a]);
    expect(missing).toEqual([]);
    for (const [action, [sv, en]] of Object.entries(auditActionWords)) {
      expect(en, action).not.toMatch(SWEDISH_LETTERS);
      expect(sv, action).not.toBe(en);
    }
  });
});
