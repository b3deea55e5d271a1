/** The docs page's reading of an OpenAPI document: fields, examples and curl lines. */
import { describe, expect, it } from 'vitest';
import { byDomain, curlOf, exampleOf, methodsOf, typeOf } from './api-docs-model';

const document = {
  paths: {
    '/api/v1/alerts/list': {
      get: {},
      post: {
        'x-gdial-method': 'alerts.list',
        'x-gdial-role': 'viewer',
        summary: 'Alerts, newest first.',
        requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { limit: { type: 'integer', default: 50 } } } } } },
      },
    },
    '/api/v1/alerts/launch': {
      post: {
        'x-gdial-method': 'alerts.launch',
        'x-gdial-role': 'operator',
        summary: 'Launches an alert.',
        parameters: [{ name: 'Idempotency-Key', in: 'header' }],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['draft'],
                properties: {
                  launchKey: { type: 'string', minLength: 8 },
                  draft: {
                    type: 'object',
                    required: ['title', 'channels'],
                    properties: { title: { type: 'string', minLength: 1 }, channels: { type: 'array', minItems: 1, items: { type: 'string', enum: ['voice', 'sms'] } } },
                  },
                },
              },
            },
          },
        },
      },
    },
    '/api/v1/triggers/cap': {
      post: {
        'x-gdial-method': 'triggers.cap',
        'x-gdial-role': 'operator',
        requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['xml'], properties: { xml: { type: 'string' } } } }, 'application/xml': { schema: { type: 'string' } } } },
      },
    },
  },
};

describe('the API docs model', () => {
  const methods = methodsOf(document);

  it('reads each method with its verbs, role, fields and special headers', () => {
    expect(methods.map((m) => [m.method, m.verbs, m.role])).toEqual([
      ['alerts.list', ['GET', 'POST'], 'viewer'],
      ['alerts.launch', ['POST'], 'operator'],
      ['triggers.cap', ['POST'], 'operator'],
    ]);
    expect(methods[0]!.fields).toEqual([{ name: 'limit', type: 'integer', required: false, defaultValue: '50' }]);
    expect(methods[1]!.idempotencyHeader).toBe(true);
    expect(methods[1]!.fields.map((f) => [f.name, f.type, f.required])).toEqual([
      ['launchKey', 'string', false],
      ['draft', 'object', true],
      ['draft.title', 'string', true],
      ['draft.channels', 'array of "voice" | "sms"', true],
    ]);
    expect(methods[2]!.xmlBody).toBe(true);
    expect(byDomain(methods).map(([d, items]) => [d, items.length])).toEqual([
      ['alerts', 2],
      ['triggers', 1],
    ]);
  });

  it('makes a minimal example body and a curl command', () => {
    expect(methods[1]!.example).toEqual({ draft: { title: 'text', channels: ['voice'] } });
    expect(curlOf('http://127.0.0.1:7420', methods[0]!)).toBe("curl http://127.0.0.1:7420/api/v1/alerts/list \\\n  -H 'Authorization: Bearer gdk_…'");
    const launch = curlOf('http://127.0.0.1:7420', methods[1]!);
    expect(launch).toContain('-X POST http://127.0.0.1:7420/api/v1/alerts/launch');
    expect(launch).toContain("-H 'Idempotency-Key: larm-2026-0001'");
    expect(launch).toContain(`-d '{"draft":{"title":"text","channels":["voice"]}}'`);
    expect(curlOf('http://h', methods[1]!, { launchKey: 'dropped-for-header', draft: { title: 'Brand' } })).toContain(`-d '{"draft":{"title":"Brand"}}'`);
  });

  it('names types for people', () => {
    expect(typeOf({ type: 'string', enum: ['sv', 'en'] })).toBe('"sv" | "en"');
    expect(typeOf({ type: 'array', items: { type: 'integer' } })).toBe('array of integer');
    expect(typeOf({ anyOf: [{ type: 'integer' }, { type: 'null' }] })).toBe('integer | null');
    expect(exampleOf({ type: 'integer', minimum: 10 })).toBe(10);
  });
});
