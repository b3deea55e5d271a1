import { describe, expect, it } from 'vitest';
import type { ExportContact } from './types';
import { writeVcards } from './vcard-write';

const base: ExportContact = {
  name: 'Åsa Öberg',
  organisation: 'Räddningstjänsten Syd; Operativa',
  title: 'Styrkeledare, skift 2',
  email: 'asa.oberg@rtjsyd.se',
  language: 'sv',
  notes: 'rad ett\r\nrad två \\ slut',
  tags: ['rökdykare', 'a,b'],
  groups: ['Styrka 1', 'Ledning'],
  phones: [
    { e164: '+46701234567', label: 'mobil', kind: 'mobile' },
    { e164: '+46812345678', label: 'arbete', kind: 'landline' },
    { e164: '+46701234568', label: 'Jour', kind: 'mobile' },
    { e164: '+46401234567', label: '', kind: 'unknown' },
  ],
};

describe('writeVcards', () => {
  it('writes vCard 3.0 with CRLF, escapes, TYPE=CELL for mobiles, pref on the first number', () => {
    expect(writeVcards([base]).split('\r\n')).toEqual([
      'BEGIN:VCARD',
      'VERSION:3.0',
      'N:Öberg;Åsa;;;',
      'FN:Åsa Öberg',
      'ORG:Räddningstjänsten Syd\\; Operativa',
      'TITLE:Styrkeledare\\, skift 2',
      'EMAIL;TYPE=INTERNET:asa.oberg@rtjsyd.se',
      'TEL;TYPE=CELL,pref:+46701234567',
      'TEL;TYPE=VOICE,WORK:+46812345678',
      // A label TYPE cannot say travels as Apple's grouped label, which phones show.
      'item3.TEL;TYPE=CELL:+46701234568',
      'item3.X-ABLabel:Jour',
      'TEL;TYPE=VOICE:+46401234567',
      'NOTE:rad ett\\nrad två \\\\ slut',
      'CATEGORIES:rökdykare,a\\,b',
      'X-GDIAL-GROUPS:Styrka 1,Ledning',
      'X-GDIAL-LANGUAGE:sv',
      'END:VCARD',
      '',
    ]);
  });

  it('writes nothing for an empty book', () => {
    expect(writeVcards([])).toBe('');
  });

  it('folds lines at 75 octets without splitting a UTF-8 character', () => {
    const out = writeVcards([{ ...base, notes: 'ö'.repeat(100) }]);
    const lines = out.split('\r\n');
    const start = lines.findIndex((l) => l.startsWith('NOTE:'));
    const folded = [lines[start] ?? ''];
    for (let i = start + 1; lines[i]?.startsWith(' '); i++) folded.push(lines[i] ?? '');
    expect(folded.length).toBeGreaterThan(2);
    for (const line of folded) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    // 'NOTE:' is 5 octets, then 35 two-octet ö fill the first line to exactly 75.
    expect(folded[0]).toBe(`NOTE:${'ö'.repeat(35)}`);
    expect(folded.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(`NOTE:${'ö'.repeat(100)}`);
  });
});
