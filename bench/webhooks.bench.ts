/**
 * The webhook figures of issue 5: signed status callbacks into the real receiver (signature
 * check, ledger write under the shared commit, progress) against a raw node:http server reading
 * the same payloads, both driven by the same client in the same run; and the p99 answer time
 * at a steady 1,000 callbacks per second.
 */
import type Database from 'better-sqlite3';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { startTestEngine } from '../main/test-support/engine-fixture';
import { round, timed, type Bench } from './harness';

const CONNECTIONS = 32;

interface Request {
  path: string;
  body: string;
  signature: string;
}

/** Submitted SMS attempts to call back about: rows as the dispatcher leaves them. */
function seedAttempts(db: Database.Database, count: number): number[] {
  const now = Date.now();
  db.exec(`INSERT INTO alerts (launch_key, title, state, channels, policy, created_at) VALUES ('bench', 'bench', 'running', '["sms"]', '{}', ${now})`);
  const alertId = Number((db.prepare('SELECT id FROM alerts WHERE launch_key = ?').get('bench') as { id: number }).id);
  const recipient = db.prepare("INSERT INTO alert_recipients (alert_id, name, state, sms_number) VALUES (?, ?, 'pending', ?)");
  const attempt = db.prepare(`INSERT INTO dispatch_attempts (alert_id, recipient_id, channel, e164, state, status_rank, carrier_sid, not_before, queued_at, updated_at)
    VALUES (?, ?, 'sms', ?, 'submitted', 2, ?, ?, ?, ?)`);
  const ids: number[] = [];
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const e164 = `+46703${String(i).padStart(6, '0')}`;
      const r = Number(recipient.run(alertId, `Person ${i}`, e164).lastInsertRowid);
      ids.push(Number(attempt.run(alertId, r, e164, `SM${String(i).padStart(32, '0')}`, now, now, now).lastInsertRowid));
    }
  })();
  return ids;
}

function requestsFor(ids: number[], base: string, token: string, status: string): Request[] {
  return ids.map((id, i) => {
    const path = `/twilio/sms/status?attempt=${id}`;
    const params = {
      AccountSid: 'AC0000000000000000000000000000d1a1',
      ApiVersion: '2010-04-01',
      From: 'GDial',
      MessageSid: `SM${String(i).padStart(32, '0')}`,
      MessageStatus: status,
      SmsSid: `SM${String(i).padStart(32, '0')}`,
      SmsStatus: status,
      To: `+46703${String(i).padStart(6, '0')}`,
    };
    return { path, body: new URLSearchParams(params).toString(), signature: twilio.getExpectedTwilioSignature(token, `${base}${path}`, params) };
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function send(base: URL, r: Request): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: base.hostname, port: base.port, path: r.path, method: 'POST', agent, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': r.signature } },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode! < 300 ? resolve(performance.now() - started) : reject(new Error(`HTTP ${res.statusCode}`))));
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

/** As fast as CONNECTIONS concurrent senders go: requests per second. */
async function throughput(base: string, requests: Request[]): Promise<number> {
  const url = new URL(base);
  let next = 0;
  const { seconds } = await timed(() =>
    Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (next < requests.length) await send(url, requests[next++]!);
      }),
    ),
  );
  return requests.length / seconds;
}

/** A steady rate, as a carrier sends: the answer times' 99th percentile in ms. */
async function p99AtRate(base: string, requests: Request[], perSecond: number): Promise<number> {
  const url = new URL(base);
  const started = performance.now();
  const latencies = await Promise.all(
    requests.map(async (r, i) => {
      const due = started + (i * 1000) / perSecond;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      return send(url, r);
    }),
  );
  latencies.sort((a, b) => a - b);
  return latencies[Math.floor(latencies.length * 0.99)]!;
}

/** The baseline: node:http reading the same bodies and answering 204, nothing else. */
async function rawServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => (body += c));
    req.on('end', () => {
      void new URLSearchParams(body);
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

export const webhooksBench: Bench = {
  name: 'webhooks',
  async run() {
    const N = 10_000;
    const t = await startTestEngine({});
    const token = t.engine.dispatch!.simulator!.authToken;
    const base = t.engine.dispatch!.webhooks.url;
    const ids = seedAttempts(t.engine.db.$client, N * 2);
    // Start-up work (the fixed phrases' speech, backup checks in a worker) would slow whichever
    // server is measured first; both are measured once it is over.
    await t.engine.dispatch!.prompts.warmUp();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const raw = await rawServer();
    try {
      const sent = requestsFor(ids.slice(0, N), base, token, 'sent');
      const rawRate = await throughput(raw.url, sent);
      const ourRate = await throughput(base, sent);
      const steady = requestsFor(ids.slice(N, N + 5_000), base, token, 'sent');
      const p99 = await p99AtRate(base, steady, 1000);
      return {
        webhook_per_s: Math.round(ourRate),
        webhook_raw_per_s: Math.round(rawRate),
        webhook_ratio: round(ourRate / rawRate),
        webhook_p99_ms: round(p99, 1),
      };
    } finally {
      await raw.close();
      await t.stop();
    }
  },
};
