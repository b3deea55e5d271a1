import { describe, expect, it } from 'vitest';
import { decodeBytes } from './decode';
import { fixture, refusal, utf8 } from './test-helpers';

describe('decodeBytes', () => {
  it('reads UTF-8 with and without a BOM, dropping the BOM', () => {
    expect(decodeBytes(utf8('Namn\nÅsa Öberg'))).toEqual({ text: 'Namn\nÅsa Öberg', encoding: 'utf-8' });
    expect(decodeBytes(utf8('\uFEFFNamn\nÅsa Öberg'))).toEqual({ text: 'Namn\nÅsa Öberg', encoding: 'utf-8-bom' });
  });

  it('reads Windows-1252 as Swedish Excel writes it, including the 0x80–0x9F characters', () => {
    // "Åsa Öberg – €5 ’x’": 0x96 en dash, 0x80 euro, 0x92 right quote — Node's own
    // windows-1252 TextDecoder turns these three into control characters.
    const bytes = Uint8Array.from([0xc5, 0x73, 0x61, 0x20, 0xd6, 0x62, 0x65, 0x72, 0x67, 0x20, 0x96, 0x20, 0x80, 0x35, 0x20, 0x92, 0x78, 0x92]);
    expect(decodeBytes(bytes)).toEqual({ text: 'Åsa Öberg – €5 ’x’', encoding: 'windows-1252' });
  });

  it('reads UTF-16 with a BOM, as Excel saves "Unicode text"', () => {
    const text = 'Namn\tMobil\r\nÅsa Öberg\t070-123 45 67';
    const le = Uint8Array.from([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    const be = Uint8Array.from([0xfe, 0xff, ...Buffer.from(text, 'utf16le').swap16()]);
    expect(decodeBytes(le)).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeBytes(be)).toEqual({ text, encoding: 'utf-16be' });
  });

  it('refuses an image, a workbook and a PDF by their signature, naming what it saw', () => {
    expect(refusal(() => decodeBytes(fixture('bad-binary.csv')), 'import.binary').params).toEqual({ kind: 'image' });
    const xlsx = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]);
    expect(refusal(() => decodeBytes(xlsx), 'import.binary').params).toEqual({ kind: 'spreadsheet' });
    expect(refusal(() => decodeBytes(utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj')), 'import.binary').params).toEqual({ kind: 'pdf' });
  });

  it('refuses binary noise without a known signature', () => {
    refusal(() => decodeBytes(fixture('bad-noise.csv')), 'import.binary');
    // No NUL at all, but a tenth of the bytes are control characters.
    const controls = Uint8Array.from({ length: 400 }, (_, i) => (i % 10 === 0 ? 0x01 : 0x41));
    refusal(() => decodeBytes(controls), 'import.binary');
  });

  it('accepts text with a stray form feed or a DOS end-of-file mark', () => {
    expect(decodeBytes(utf8('Namn\nÅsa\f\n\x1a')).encoding).toBe('utf-8');
  });

  it('refuses bytes that are neither UTF-8 nor Windows-1252, naming the line', () => {
    // An old DOS (code page 850) export: Å is 0x8F, undefined in Windows-1252.
    const error = refusal(() => decodeBytes(fixture('bad-cp850.csv')), 'import.encoding');
    expect(error.params).toEqual({ line: 2 });
  });

  it('refuses a file whose BOM says UTF-8 but whose bytes are not', () => {
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, 0x4e, 0x0a, 0xc5, 0x73, 0x61]);
    expect(refusal(() => decodeBytes(bytes), 'import.encoding').params).toEqual({ line: 2 });
  });
});
