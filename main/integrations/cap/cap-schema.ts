/**
 * Validation of CAP 1.2 documents against the OASIS schema (resources/cap/CAP-v1.2.xsd) with a
 * real XSD validator, libxml2's xmllint compiled to WebAssembly (`xmllint-wasm`).
 *
 * Before the validator sees a document, it is refused when larger than 1 MB or when it has a
 * DOCTYPE or an entity declaration: CAP needs neither, and refusing them closes the door on
 * external entities (XXE) and entity expansion ("billion laughs") in the validator and in the
 * parser that reads the document afterwards.
 *
 * Cost: xmllint-wasm starts a worker thread and instantiates the WebAssembly module for each
 * call (its API keeps no instance), about 0.1 s per document on a small machine, off the
 * engine's thread. Inbound alarms are rare, so no instance is kept warm; at most two
 * validations run at once so a burst of documents cannot start a burst of workers.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML, type XMLValidationError } from 'xmllint-wasm';
import type { FieldIssue } from '../../contract';
import { findResourcesDir } from '../../config/paths';
import { AppError } from '../../errors';

/** The same bound as the contract's `triggers.cap` input (characters there, bytes here). */
export const CAP_MAX_BYTES = 1_000_000;
export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
/** The schema's file under resources/ (shipped with the app). */
export const CAP_XSD_FILE = path.join('cap', 'CAP-v1.2.xsd');

const MAX_AT_ONCE = 2;
/** At most this many problems are named in one answer. */
const MAX_FIELDS = 10;

let schemaText: string | null = null;

/** The OASIS schema's text, read once from resources/ (where the installed app has it too). */
export function capSchemaText(): string {
  schemaText ??= readFileSync(path.join(findResourcesDir(), CAP_XSD_FILE), 'utf8');
  return schemaText;
}

export type CapProblem = 'too_large' | 'doctype' | 'not_well_formed' | 'schema';

function invalid(problem: CapProblem, message: string, fields: FieldIssue[]): AppError {
  return new AppError('validation', message, { code: 'cap.invalid', params: { problem }, fields: fields.slice(0, MAX_FIELDS) });
}

// A DOCTYPE (internal subset or external DTD) and entity declarations; CAP documents have neither.
const DOCTYPE_OR_ENTITY = /<!\s*(DOCTYPE|ENTITY)\b/i;

/** Size and DOCTYPE checks that need no parser; throws `cap.invalid`. */
export function guardCapInput(xml: string): void {
  const bytes = Buffer.byteLength(xml, 'utf8');
  if (bytes > CAP_MAX_BYTES) {
    throw invalid('too_large', `The CAP document is ${bytes} bytes; at most ${CAP_MAX_BYTES} are accepted`, [
      { path: 'document', message: `larger than ${CAP_MAX_BYTES} bytes` },
    ]);
  }
  const m = DOCTYPE_OR_ENTITY.exec(xml);
  if (m) {
    const line = xml.slice(0, m.index).split('\n').length;
    throw invalid('doctype', 'The CAP document has a DOCTYPE or an entity declaration; CAP 1.2 needs neither and GDial refuses them', [
      { path: `line ${line}`, message: `<!${m[1]!.toUpperCase()} is not accepted` },
    ]);
  }
}

let running = 0;
const waiting: Array<() => void> = [];

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** `{urn:oasis:names:tc:emergency:cap:1.2}status` reads better as `cap:status`. */
const readable = (message: string) =>
  message
    .replaceAll(`{${CAP_NAMESPACE}}`, 'cap:')
    .replace(/^(Schemas validity error|Schemas parser error|parser error|namespace error)\s*:\s*/i, '')
    .trim();

/** xmllint's lines with a position (the echoed source line and its caret have none). */
function issuesOf(errors: readonly XMLValidationError[]): FieldIssue[] {
  const placed = errors.filter((e) => e.loc !== null && e.message.trim() !== '');
  const list = placed.length > 0 ? placed : errors.filter((e) => e.message.trim() !== '').slice(0, 1);
  return list.map((e) => ({ path: e.loc ? `line ${e.loc.lineNumber}` : 'document', message: readable(e.message) }));
}

/**
 * Refuses a document that is too large, has a DOCTYPE, is not well-formed XML, or is not a CAP
 * 1.2 `<alert>` by the OASIS schema, with a `validation` error (code `cap.invalid`) whose fields
 * name each problem by line.
 */
export async function validateCap(xml: string): Promise<void> {
  guardCapInput(xml);
  const result = await limited(() =>
    validateXML({
      xml: [{ fileName: 'alert.xml', contents: xml }],
      schema: [{ fileName: 'CAP-v1.2.xsd', contents: capSchemaText() }],
    }),
  );
  if (result.valid) return;
  const fields = issuesOf(result.errors);
  const wellFormed = !result.errors.some((e) => /parser error|namespace error/i.test(e.message));
  if (!wellFormed) throw invalid('not_well_formed', `The document is not well-formed XML: ${fields[0]?.message ?? 'unreadable'}`, fields);
  throw invalid('schema', `The document is not a valid CAP 1.2 alert: ${fields[0]?.message ?? 'schema validation failed'}`, fields);
}
