/**
 * The webhook receiver faces the Internet: malformed HTTP, bodies cut off or too large, peers
 * that reset, each end that one request. The receiver (and the engine around it) keeps serving.
 */
import { connect } from 'node:net';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../test-support/engine-fixture';

let t: TestEngine;
let base: string;
let port: number;

beforeAll(async () => {
  t = await startTestEngine();
  base = t.engine.dispatch!.webhooks.url;
  port = Number(new URL(base).port);
});
afterAll(() => t.stop());

/** Sends raw bytes; resolves with whatever came back before the server closed (or we gave up). */
function raw(bytes: string | Buffer, opts: { reset?: boolean } = {}): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(bytes);
      if (opts.reset) socket.resetAndDestroy();
    });
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    socket.on('error', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    setTimeout(() => {
      socket.destroy();
      resolve(answer);
    }, 3000);
  });
}

async function healthy() {
  const params = { Nonce: `n${Math.random()}` };
  const res = await fetch(`${base}/twilio/health`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': twilio.getExpectedTwilioSignature(t.engine.dispatch!.simulator!.authToken, `${base}/twilio/health`, params),
    },
    body: new URLSearchParams(params),
  });
  expect(res.status).toBe(200);
  expect(await res.text()).toBe(params.Nonce);
}

describe('malformed requests to the webhook receiver', () => {
  it.each([
    ['bytes that are not HTTP', '\u0016\u0003\u0001\u0000\u00a5garbage\r\n\r\n', /^HTTP\/1\.1 400/],
    ['a header with control characters', 'POST /twilio/voice/status HTTP/1.1\r\nHost: x\u0000\r\n\r\n', /^HTTP\/1\.1 400/],
    ['broken chunked encoding', 'POST /twilio/voice/status HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', /^HTTP\/1\.1 400/],
    ['a body over 64 kB', `POST /twilio/voice/status HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n${'a'.repeat(200_000)}`, /^HTTP\/1\.1 413/],
  ])('%s ends that request only', async (_name, bytes, answer) => {
    expect(await raw(bytes)).toMatch(answer);
    await healthy();
  });

  it('a peer that resets in the middle of a body', async () => {
    await raw('POST /twilio/voice/status HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\nCallSid=CA', { reset: true });
    await raw('POST /twilio/voice/status HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\nCallSid=CA');
    await healthy();
  });
});
