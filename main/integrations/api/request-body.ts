/** Reading a REST request's body, with a limit, as the method's input. */
import type { IncomingMessage } from 'node:http';
import { AppError } from '../../errors';

/** Larger bodies are answered 413 and the connection closed. CAP documents are well under this. */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new BodyTooLarge('body too large'));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        reject(new BodyTooLarge('body too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** application/xml, text/xml, and the XML suffix types (application/cap+xml). */
const isXml = (contentType: string | undefined) => /^(application|text)\/([\w.-]+\+)?xml\b/i.test(contentType ?? '');

const badJson = (why: string) =>
  new AppError('validation', `The body is not valid JSON: ${why}`, { code: 'api.bad_json', fields: [{ path: '(input)', message: 'not valid JSON' }] });

/**
 * The body as the method's input: JSON (empty = `{}`), or for triggers.cap an XML document as is
 * (`{xml}`). alerts.launch's Idempotency-Key header becomes its launchKey.
 */
export function inputOf(method: string, body: string, headers: IncomingMessage['headers']): unknown {
  let input: unknown;
  if (method === 'triggers.cap' && isXml(headers['content-type'])) input = { xml: body };
  else if (body.trim() === '') input = {};
  else {
    try {
      input = JSON.parse(body);
    } catch (error) {
      throw badJson(error instanceof Error ? error.message : 'unreadable');
    }
  }
  const idempotencyKey = headers['idempotency-key'];
  if (method === 'alerts.launch' && typeof idempotencyKey === 'string' && input !== null && typeof input === 'object' && !Array.isArray(input)) {
    const launchKey = (input as { launchKey?: unknown }).launchKey;
    if (launchKey !== undefined && launchKey !== idempotencyKey.trim()) {
      throw new AppError('validation', 'The Idempotency-Key header and the body\'s launchKey differ; send one, or the same in both', {
        code: 'api.idempotency_key_mismatch',
        fields: [{ path: 'launchKey', message: 'differs from the Idempotency-Key header' }],
      });
    }
    input = { ...input, launchKey: idempotencyKey.trim() };
  }
  return input;
}
