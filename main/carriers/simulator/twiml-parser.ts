/**
 * A small, strict XML reader for TwiML. No DTDs and no entities beyond XML's five and numeric
 * references, so a hostile document cannot expand or reach outside itself; size and depth capped.
 */

export interface TwimlNode {
  name: string;
  attrs: Record<string, string>;
  children: TwimlNode[];
  /** The element's own text (children's text excluded), entities decoded. */
  text: string;
}

export class TwimlError extends Error {
  override name = 'TwimlError';
}

/** Twilio's own limit on a TwiML document. */
export const MAX_TWIML_BYTES = 64 * 1024;
const MAX_DEPTH = 32;
const NAME = /[A-Za-z_][\w.:-]*/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(raw: string, at: number): string {
  return raw.replace(/&([^;&\s]*);?/g, (match, ref: string) => {
    if (!match.endsWith(';')) throw new TwimlError(`Bare "&" near offset ${at}`);
    const named = ENTITIES[ref];
    if (named !== undefined) return named;
    const num = /^#x([0-9a-fA-F]+)$/.exec(ref)?.[1] ?? /^#([0-9]+)$/.exec(ref)?.[1];
    if (num === undefined) throw new TwimlError(`Unknown entity "&${ref};" near offset ${at}`);
    const code = ref.startsWith('#x') ? parseInt(num, 16) : parseInt(num, 10);
    if (code > 0x10ffff || code === 0) throw new TwimlError(`Bad character reference "&${ref};"`);
    return String.fromCodePoint(code);
  });
}

class Reader {
  pos = 0;
  constructor(private readonly src: string) {}

  fail(what: string): never {
    throw new TwimlError(`${what} at offset ${this.pos}`);
  }
  startsWith(s: string) {
    return this.src.startsWith(s, this.pos);
  }
  skipSpace() {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos]!)) this.pos++;
  }
  skipPast(end: string, what: string) {
    const i = this.src.indexOf(end, this.pos);
    if (i < 0) this.fail(`Unterminated ${what}`);
    const inner = this.src.slice(this.pos, i);
    this.pos = i + end.length;
    return inner;
  }
  name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.src);
    if (!m) this.fail('Expected a name');
    this.pos += m[0].length;
    return m[0];
  }
  /** Skips comments, processing instructions and whitespace between elements; refuses DTDs. */
  skipMisc() {
    for (;;) {
      this.skipSpace();
      if (this.startsWith('<!--')) this.skipPast('-->', 'comment');
      else if (this.startsWith('<?')) this.skipPast('?>', 'processing instruction');
      else if (this.startsWith('<!DOCTYPE') || this.startsWith('<!doctype')) this.fail('DTDs are not allowed in TwiML');
      else return;
    }
  }

  element(depth: number): TwimlNode {
    if (depth > MAX_DEPTH) this.fail('TwiML nested too deeply');
    if (!this.startsWith('<')) this.fail('Expected an element');
    this.pos++;
    const name = this.name();
    const attrs: Record<string, string> = {};
    for (;;) {
      this.skipSpace();
      if (this.startsWith('/>')) {
        this.pos += 2;
        return { name, attrs, children: [], text: '' };
      }
      if (this.startsWith('>')) {
        this.pos++;
        break;
      }
      const attr = this.name();
      this.skipSpace();
      if (!this.startsWith('=')) this.fail(`Expected "=" after attribute ${attr}`);
      this.pos++;
      this.skipSpace();
      const quote = this.src[this.pos];
      if (quote !== '"' && quote !== "'") this.fail(`Attribute ${attr} must be quoted`);
      this.pos++;
      const raw = this.skipPast(quote, 'attribute value');
      if (raw.includes('<')) this.fail(`"<" in attribute ${attr}`);
      if (Object.hasOwn(attrs, attr)) this.fail(`Duplicate attribute ${attr}`);
      attrs[attr] = decodeEntities(raw, this.pos);
    }
    const children: TwimlNode[] = [];
    let text = '';
    for (;;) {
      if (this.pos >= this.src.length) this.fail(`Unclosed <${name}>`);
      if (this.startsWith('</')) {
        this.pos += 2;
        const closing = this.name();
        if (closing !== name) this.fail(`</${closing}> closes <${name}>`);
        this.skipSpace();
        if (!this.startsWith('>')) this.fail('Expected ">"');
        this.pos++;
        return { name, attrs, children, text };
      }
      if (this.startsWith('<![CDATA[')) {
        this.pos += 9;
        text += this.skipPast(']]>', 'CDATA section');
      } else if (this.startsWith('<!--')) {
        this.skipPast('-->', 'comment');
      } else if (this.startsWith('<?')) {
        this.skipPast('?>', 'processing instruction');
      } else if (this.startsWith('<!')) {
        this.fail('Declarations are not allowed inside TwiML');
      } else if (this.startsWith('<')) {
        children.push(this.element(depth + 1));
      } else {
        const next = this.src.indexOf('<', this.pos);
        const end = next < 0 ? this.src.length : next;
        text += decodeEntities(this.src.slice(this.pos, end), this.pos);
        this.pos = end;
      }
    }
  }
}

/** Parses a TwiML document and returns its <Response> element. */
export function parseTwiml(xml: string): TwimlNode {
  if (Buffer.byteLength(xml, 'utf8') > MAX_TWIML_BYTES) throw new TwimlError('TwiML document exceeds 64 KB');
  const reader = new Reader(xml.replace(/^\uFEFF/, ''));
  reader.skipMisc();
  const root = reader.element(0);
  reader.skipMisc();
  if (reader.pos < xml.replace(/^\uFEFF/, '').length) reader.fail('Content after the root element');
  if (root.name !== 'Response') throw new TwimlError(`The root element is <${root.name}>, not <Response>`);
  return root;
}
