// The simulator answers as Twilio's own OpenAPI description says Twilio does, for every REST
// operation GDial makes. GDial's adapter (the twilio SDK) talks to the simulator through a
// recording proxy; each answer is then checked with a kept validator (openapi-response-validator)
// against the schema of its operation in twilio_api_v2010.json: status code and content type as
// listed there, body valid, and every property the schema lists present (Twilio sends them all,
// null when empty: a simulator that leaves one out would hide a null GDial must handle).
import { createRequire } from 'node:module';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAPIResponseValidator from 'openapi-response-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './simulator';
import { FAST } from './simulator/testing/sdk';
import { createTwilioAdapter } from './twilio-adapter';
import type { CarrierPort } from './carrier-port';

interface OpenApiOperation {
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
interface OpenApiSpec {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
}

const spec = createRequire(import.meta.url)('@twilio-alpha/mcp/twilio-oai/spec/json/twilio_api_v2010.json') as OpenApiSpec;

interface Exchange {
  method: string;
  path: string;
  status: number;
  contentType: string | null;
  body: string;
}

/** Forwards to the simulator and keeps every answer as it was on the wire. */
async function recordingProxy(target: string): Promise<{ url: string; exchanges: Exchange[]; server: Server }> {
  const exchanges: Exchange[] = [];
  const server = createServer((req, res) => {
    const upstream = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        exchanges.push({
          method: req.method ?? 'GET',
          path: new URL(req.url ?? '/', target).pathname,
          status: answer.statusCode ?? 0,
          contentType: answer.headers['content-type'] ?? null,
          body: body.toString('utf8'),
        });
        res.writeHead(answer.statusCode ?? 502, answer.headers).end(body);
      });
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, exchanges, server };
}

/** The spec's path template an actual path belongs to, e.g. `/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json`. */
function templateOf(path: string): string | undefined {
  return Object.keys(spec.paths).find((template) => {
    const pattern = template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+');
    return new RegExp(`^${pattern}$`).test(path);
  });
}

/** Twilio sends every property of its resources: the schemas list them, so all are required here. */
function requireAll(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(requireAll);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) copy[k] = requireAll(v);
  if (copy.type === 'object' && copy.properties && typeof copy.properties === 'object') copy.required = Object.keys(copy.properties);
  return copy;
}

const RFC_2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;
const customFormats = {
  'date-time-rfc-2822': (v: string) => RFC_2822.test(v) && !Number.isNaN(Date.parse(v)),
  'phone-number': (v: string) => /^\+[1-9]\d{1,14}$/.test(v) || /^[A-Za-z0-9 ]{1,11}$/.test(v),
  currency: (v: string) => /^[A-Z]{3}$/.test(v),
  // Twilio's list envelopes carry paths relative to its API host.
  uri: (v: string) => /^(\/|https?:\/\/)\S*$/.test(v),
};

const schemas = Object.fromEntries(
  Object.entries(spec.components.schemas).map(([name, s]) => [name, name === 'api.v2010.account.call' || name === 'api.v2010.account.message' ? requireAll(s) : s]),
);

function validatorFor(template: string, method: string) {
  const operation = spec.paths[template]![method.toLowerCase()]!;
  return new OpenAPIResponseValidator({
    responses: requireAll(operation.responses) as never,
    components: { schemas } as never,
    customFormats,
  });
}

let sim: Simulator;
let proxy: Awaited<ReturnType<typeof recordingProxy>>;
let carrier: CarrierPort;
const TO = '+46701234000';
const FROM = '+46101234567';

beforeAll(async () => {
  // The account queue holds the second create of each second, so queued records (no start_time,
  // no date_sent) are among the answers checked too.
  sim = await startSimulator({ ...FAST, latencyMs: { min: 20, max: 40 }, ringMs: { min: 1000, max: 1000 }, limits: { callsPerSecond: 1, messagesPerSecond: 1 }, queue: { enabled: true } });
  proxy = await recordingProxy(sim.url);
  carrier = createTwilioAdapter({ accountSid: sim.accountSid, authToken: sim.authToken, baseUrl: proxy.url, timeoutMs: 5000, local: true });
});

afterAll(async () => {
  await sim.stop();
  await new Promise((r) => proxy.server.close(r));
});

describe("the simulator's REST answers against Twilio's OpenAPI description", () => {
  it('every operation GDial makes is answered with a status, content type and body the spec allows', async () => {
    // Everything the adapter does, as the engine does it.
    const ringing = await carrier.createCall({ to: TO, from: FROM, twiml: '<Response><Pause length="5"/></Response>', machineDetection: false, timeoutSeconds: 30 });
    const waiting = await carrier.createCall({ to: TO, from: FROM, twiml: '<Response/>', machineDetection: false, timeoutSeconds: 30 });
    await carrier.fetchCallStatus(waiting.sid);
    await carrier.findCalls({ to: TO, createdFrom: Date.now() - 60_000, createdUntil: Date.now() + 60_000 });
    await new Promise((r) => setTimeout(r, 100));
    await carrier.redirectCall(ringing.sid, '<Response><Say>Kort meddelande.</Say></Response>');
    await carrier.endCall(ringing.sid, false);
    const first = await carrier.createMessage({ to: TO, from: FROM, body: 'Larm: samling vid stationen.' });
    const queued = await carrier.createMessage({ to: TO, from: FROM, body: 'Larm igen.' });
    await carrier.fetchMessageStatus(queued.sid);
    await carrier.findMessages({ to: TO, createdFrom: Date.now() - 60_000, createdUntil: Date.now() + 60_000 });
    await sim.settle({ timeoutMs: 10_000 });
    await carrier.redactMessage(first.sid);
    await carrier.deleteMessage(first.sid);

    const seen = new Set<string>();
    for (const x of proxy.exchanges) {
      const template = templateOf(x.path);
      expect(template, `${x.method} ${x.path} is not in the spec`).toBeDefined();
      const operation = spec.paths[template!]![x.method.toLowerCase()];
      expect(operation, `${x.method} ${template} is not in the spec`).toBeDefined();
      const declared = operation!.responses[String(x.status)];
      expect(declared, `${x.method} ${x.path} answered ${x.status}: ${x.body}`).toBeDefined();
      const contentTypes = Object.keys(declared!.content ?? {});
      let body: unknown;
      if (contentTypes.length === 0) {
        expect(x.body, `${x.method} ${x.path} ${x.status} has no content in the spec`).toBe('');
      } else {
        expect(contentTypes, `${x.method} ${x.path}`).toContain(x.contentType?.split(';')[0]?.trim());
        body = JSON.parse(x.body);
      }
      const problems = validatorFor(template!, x.method).validateResponse(String(x.status), body);
      expect(problems, `${x.method} ${x.path} ${x.status}: ${JSON.stringify(problems?.errors)}`).toBeUndefined();
      seen.add(`${x.method} ${template} ${x.status}`);
    }
    const calls = '/2010-04-01/Accounts/{AccountSid}/Calls';
    const messages = '/2010-04-01/Accounts/{AccountSid}/Messages';
    expect([...seen].sort()).toEqual(
      [
        `POST ${calls}.json 201`,
        `GET ${calls}/{Sid}.json 200`,
        `GET ${calls}.json 200`,
        `POST ${calls}/{Sid}.json 200`,
        `POST ${messages}.json 201`,
        `GET ${messages}/{Sid}.json 200`,
        `GET ${messages}.json 200`,
        `POST ${messages}/{Sid}.json 200`,
        `DELETE ${messages}/{Sid}.json 204`,
      ].sort(),
    );
    // Queued records were among them, with their empty times.
    const bodies = proxy.exchanges.filter((x) => x.body).map((x) => JSON.parse(x.body) as Record<string, unknown>);
    expect(bodies.some((b) => b.sid === waiting.sid && b.status === 'queued' && b.start_time === null)).toBe(true);
    expect(bodies.some((b) => b.sid === queued.sid && b.date_sent === null)).toBe(true);
  });

  it('the check has teeth: a body missing a property, a bad date or a wrong status fails it', () => {
    const validator = validatorFor('/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json', 'GET');
    const good = proxy.exchanges.find((x) => x.method === 'GET' && /\/Calls\/CA[0-9a-f]{32}\.json$/.test(x.path))!;
    const call = JSON.parse(good.body) as Record<string, unknown>;
    expect(validator.validateResponse('200', call)).toBeUndefined();
    const { start_time: _dropped, ...missing } = call;
    expect(validator.validateResponse('200', missing)).toBeDefined();
    expect(validator.validateResponse('200', { ...call, date_created: new Date().toISOString() })).toBeDefined();
    expect(validator.validateResponse('200', { ...call, status: 'dialling' })).toBeDefined();
    expect(validator.validateResponse('200', { ...call, account_sid: 'ACsimulator00000000000000000000000' })).toBeDefined();
  });
});
