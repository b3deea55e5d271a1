/** Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 as Swedish Excel saves. */
import { importError } from './import-error';
import type { ReadFile } from './types';

export interface DecodedText {
  text: string;
  encoding: ReadFile['encoding'];
}

/** Enough to judge a file by its start without walking a 50 MB file byte by byte. */
const SAMPLE_BYTES = 64 * 1024;

/**
 * Windows-1252 0x80–0x9F. We decode these ourselves because Node's own
 * `TextDecoder('windows-1252')` returns Latin-1 C1 controls for them from 20.18.3 / 22.13.0
 * on (nodejs/node#56542, #60888): an Excel file's "–" or "’" would arrive as control characters.
 * The 0 entries are the five bytes Windows-1252 leaves undefined.
 */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/** Signatures of files operators drop by mistake; named so the console can say what it saw. */
const MAGIC: { kind: string; bytes: number[] }[] = [
  { kind: 'spreadsheet', bytes: [0x50, 0x4b, 0x03, 0x04] }, // zip: .xlsx, .ods, .docx
  { kind: 'spreadsheet', bytes: [0xd0, 0xcf, 0x11, 0xe0] }, // OLE2: .xls, .doc
  { kind: 'pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { kind: 'image', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { kind: 'image', bytes: [0xff, 0xd8, 0xff] },
  { kind: 'image', bytes: [0x47, 0x49, 0x46, 0x38] },
  { kind: 'archive', bytes: [0x1f, 0x8b] },
];

export function decodeBytes(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes, 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes, 'utf-16be');
  refuseBinary(bytes);

  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const text = tryUtf8(bytes.subarray(3));
    // A BOM is an explicit claim; guessing another encoding behind it would garble the valid part.
    if (text === null) throw encodingError(bytes, firstInvalidUtf8(bytes));
    return { text, encoding: 'utf-8-bom' };
  }
  const text = tryUtf8(bytes);
  if (text !== null) return { text, encoding: 'utf-8' };

  const undefinedAt = firstUndefinedCp1252(bytes);
  if (undefinedAt >= 0) throw encodingError(bytes, undefinedAt);
  return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedText {
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw importError('import.encoding', 'The file claims to be UTF-16 but is not valid UTF-16.', {
      encoding,
      line: 1,
    });
  }
  refuseControlHeavy(text.slice(0, SAMPLE_BYTES / 2), (i) => text.charCodeAt(i));
  return { text, encoding };
}

function refuseBinary(bytes: Uint8Array): void {
  for (const { kind, bytes: magic } of MAGIC) {
    if (magic.every((b, i) => bytes[i] === b)) {
      throw importError('import.binary', `This is not a text file (it looks like a ${kind} file).`, { kind });
    }
  }
  // Text never holds NUL; every binary format does, usually in its first few bytes.
  if (bytes.indexOf(0) >= 0) {
    throw importError('import.binary', 'This is not a text file (it contains NUL bytes).', { kind: 'unknown' });
  }
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  refuseControlHeavy(sample, (i) => sample[i] ?? 0);
}

/**
 * Text files carry tabs and line breaks, and at most a stray form feed or Ctrl-Z; binary data
 * is about one eighth control bytes. 3 % separates them with a wide margin on both sides.
 */
function refuseControlHeavy(sample: { length: number }, codeAt: (i: number) => number): void {
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = codeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1a) || c === 0x7f) controls++;
  }
  if (controls >= 2 && controls > sample.length * 0.03) {
    throw importError('import.binary', 'This is not a text file (too many control characters).', {
      kind: 'unknown',
    });
  }
}

function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  // Only for the error message: find the first byte that does not start or continue a sequence.
  for (let i = 3; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) continue;
    const len = b >= 0xf0 && b < 0xf5 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
    if (len === 0 || tryUtf8(bytes.subarray(i, i + len)) === null) return i;
    i += len - 1;
  }
  return 0;
}

function firstUndefinedCp1252(bytes: Uint8Array): number {
  let first = -1;
  for (const b of [0x81, 0x8d, 0x8f, 0x90, 0x9d]) {
    const at = bytes.indexOf(b);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  return first;
}

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? 0xfffd));
}

function encodingError(bytes: Uint8Array, offset: number) {
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return importError(
    'import.encoding',
    `The file's character encoding is not UTF-8 or Windows-1252 (line ${line}). Save it as "CSV UTF-8".`,
    { line },
  );
}
