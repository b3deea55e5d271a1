import { describe, expect, it } from 'vitest';
import { decodeBytes } from './decode';
import { fixture, LIMITS, refusal } from './test-helpers';
import { readVcards } from './vcard-read';

const cards = (name: string) => readVcards(decodeBytes(fixture(name)).text, LIMITS);

describe('readVcards', () => {
  it('reads a vCard 3.0 export: pref first, Apple labels, faxes apart, escapes, folding', () => {
    const [asa, bjorn, marta] = cards('vcard-30.vcf');
    expect(asa).toEqual({
      line: 1,
      name: 'Åsa Öberg',
      organisation: 'Räddningstjänsten Syd, Operativa avdelningen',
      title: 'Styrkeledare',
      email: 'asa.oberg@rtjsyd.se',
      notes: 'Jour vecka 12, 14 och 16.\nNås även via växeln.',
      tags: ['Styrka 1', 'Ledning'],
      groups: [],
      phones: [
        { raw: '070-123 45 67', label: 'mobil' },
        { raw: '08-123 456 78', label: 'arbete' },
        { raw: '+46 (0)70-123 45 99', label: 'Jour' },
      ],
      ignoredPhones: [{ raw: '040-675 30 01', label: 'fax' }],
    });
    // Quoted-printable UTF-8 with a soft line break, as older Android phones write it; the
    // pref number comes first although the file lists it second.
    expect(bjorn).toMatchObject({
      line: 17,
      name: 'Björn Öström',
      notes: 'Läkare på akutmottagningen i Malmö, ring alltid mobilen först.',
      phones: [
        { raw: '0046701234567', label: 'mobil' },
        { raw: '0046 40 12 34 56', label: 'hem' },
      ],
    });
    expect(marta).toMatchObject({
      line: 27,
      title: 'Krisberedskapssamordnare, TiB',
      notes: 'Ansvarar för kommunens krisledning och samverkan med Räddningstjänsten Syd och Region Skåne.',
      groups: ['Krisledning', 'Kommunen'],
      phones: [
        { raw: '046-35 50 00', label: 'arbete' },
        { raw: '+46 70 345 67 89', label: 'mobil' },
      ],
    });
  });

  it('reads a vCard 4.0 export: tel: URIs, quoted TYPE lists, PREF=1 before PREF=2, LANG', () => {
    const [osten, linnea] = cards('vcard-40.vcf');
    expect(osten).toMatchObject({
      line: 1,
      name: 'Östen Håkansson',
      language: 'sv',
      tags: ['Rökdykare', 'Styrka 1'],
      phones: [
        { raw: '+46-70-123-45-67', label: 'mobil' },
        { raw: '+46-8-123-456-78', label: 'arbete' },
        { raw: '+46-40-98-76-54', label: 'hem' },
      ],
    });
    expect(linnea).toMatchObject({
      line: 14,
      name: 'Linnéa Ström',
      language: 'en',
      groups: ['Räddningstjänst'],
      phones: [
        { raw: '+46701112233', label: 'mobil' },
        { raw: '040-34 10 00', label: 'arbete' },
      ],
      ignoredPhones: [{ raw: '+46-40-34-10-01', label: 'fax' }],
    });
  });

  it('reads 2.1-style bare parameters and builds the name from N when FN is missing', () => {
    const text = [
      'BEGIN:VCARD',
      'VERSION:2.1',
      'N;ENCODING=QUOTED-PRINTABLE;CHARSET=ISO-8859-1:=D6berg;=C5sa;;;',
      'TEL;HOME;VOICE:040-12 34 56',
      'TEL;CELL;PREF:070-123 45 67',
      'TEL;PAGER:074-123 45 67',
      'END:VCARD',
    ].join('\r\n');
    expect(readVcards(text, LIMITS)).toEqual([
      {
        line: 1,
        name: 'Åsa Öberg',
        organisation: '',
        title: '',
        email: '',
        notes: '',
        tags: [],
        groups: [],
        phones: [
          { raw: '070-123 45 67', label: 'mobil' },
          { raw: '040-12 34 56', label: 'hem' },
        ],
        ignoredPhones: [{ raw: '074-123 45 67', label: 'personsökare' }],
      },
    ]);
  });

  it('keeps a last card that lacks END:VCARD and skips an embedded AGENT card', () => {
    const text = 'BEGIN:VCARD\nFN:Åsa\nBEGIN:VCARD\nFN:Agent\nEND:VCARD\nTEL:070\nEND:VCARD\n\nbegin:vcard\nfn:Björn\n';
    expect(readVcards(text, LIMITS).map((r) => [r.line, r.name, r.phones.length])).toEqual([
      [1, 'Åsa', 1],
      [9, 'Björn', 0],
    ]);
  });

  it('refuses a file without cards', () => {
    refusal(() => readVcards('VERSION:3.0\nFN:Åsa\n', LIMITS), 'import.empty');
  });

  it('refuses more cards than the limit before reading any', () => {
    const card = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Per Persson\r\nTEL:070-123 45 67\r\nEND:VCARD\r\n';
    // An over-long line after the limit: reading the cards would have reported it instead.
    const text = card.repeat(1001) + `NOTE:${'x'.repeat(LIMITS.maxLineBytes + 1)}`;
    const error = refusal(() => readVcards(text, { ...LIMITS, maxRows: 1000 }), 'import.too_many_rows');
    expect(error.params).toEqual({ limit: 1000 });
  });

  it('counts blank lines against the row limit: one between cards is fine, a flood is refused', () => {
    const card = 'BEGIN:VCARD\r\nFN:Per Persson\r\nTEL:070-123 45 67\r\nEND:VCARD\r\n\r\n';
    expect(readVcards(card.repeat(10), { ...LIMITS, maxRows: 10 })).toHaveLength(10);
    const flood = `${card}${'\n'.repeat(1_000_000)}`;
    const error = refusal(() => readVcards(flood, { ...LIMITS, maxRows: 200_000 }), 'import.too_many_rows');
    expect(error.params).toMatchObject({ limit: 200_000, line: 200_005 });
  });

  it('refuses an over-long line, naming it', () => {
    const text = `BEGIN:VCARD\nFN:Åsa\nNOTE:${'å'.repeat(40_000)}\nEND:VCARD`;
    expect(refusal(() => readVcards(text, LIMITS), 'import.line_too_long').params).toEqual({ line: 3, limit: LIMITS.maxLineBytes });
  });
});
