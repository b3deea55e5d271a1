/**
 * The REST API's OpenAPI 3.1 document, generated from the zod contract (zod 4's JSON Schema
 * output): one path per method the API serves, its request body and its answer in the envelope.
 * Served at /api/v1/openapi.json and by `system.apiDocument` (the console's docs page).
 */
import { z } from 'zod';
import { appErrorSchema, methods, type MethodName } from '../../contract';
import { methodSummaries } from './method-summaries';
import { allowsGet, domainOf, restMethods, restPath } from './rest-methods';

type Json = Record<string, unknown>;

/**
 * A zod schema as JSON Schema (draft 2020-12, the dialect OpenAPI 3.1 uses). What JSON Schema
 * cannot say (a transform's output, a custom check) becomes "any" instead of failing the document.
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any', reused: 'inline', cycles: 'ref' });
  return rest as Json;
}

/** The header that carries alerts.launch's launch key, so a retried POST launches once. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** The body REST takes: the method's input, except that alerts.launch may leave its launchKey to the header. */
export function requestSchemaOf(method: MethodName): Json {
  const schema = jsonSchemaOf(methods[method].input, 'input');
  if (method === 'alerts.launch' && Array.isArray(schema.required)) {
    schema.required = (schema.required as string[]).filter((key) => key !== 'launchKey');
  }
  return schema;
}

/** HTTP statuses by the envelope's error kind (429 is the rate limit's own). */
export const statusOfKind = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  internal: 500,
  carrier: 502,
  unavailable: 503,
} as const;

const ERRORS: ReadonlyArray<[status: string, name: string, description: string]> = [
  ['400', 'BadRequest', 'Invalid input (kind validation): `fields` names each field that is wrong. Also bad JSON.'],
  ['401', 'Unauthenticated', 'No key, an unknown key or a revoked key (kind unauthenticated).'],
  ['403', 'Forbidden', "The key's role or allowlist does not allow this method (kind forbidden)."],
  ['404', 'NotFound', 'No such method, or the object asked for does not exist (kind not_found).'],
  ['409', 'Conflict', 'The change conflicts with what is stored, e.g. a name in use (kind conflict).'],
  ['413', 'PayloadTooLarge', 'The body is larger than 1 MiB.'],
  ['423', 'Locked', 'The object is locked (kind locked).'],
  ['429', 'TooManyRequests', 'Rate limited: wait `Retry-After` seconds (kind unavailable, code api.rate_limited).'],
  ['500', 'Internal', 'An unexpected error; the engine logged it (kind internal).'],
  ['502', 'Carrier', 'The carrier (Twilio) refused or failed (kind carrier).'],
  ['503', 'Unavailable', 'Not possible now, e.g. the database is unreachable (kind unavailable).'],
];

function components(): Json {
  const errorEnvelope = {
    type: 'object',
    required: ['ok', 'error'],
    properties: { ok: { const: false }, error: { $ref: '#/components/schemas/Error' } },
  };
  const responses: Json = {};
  for (const [status, name, description] of ERRORS) {
    responses[name] = {
      description,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } },
      ...(status === '429' ? { headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } } : {}),
    };
  }
  return {
    securitySchemes: {
      apiKey: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'gdk_…',
        description: 'An API key made by an administrator in the console (Integrationer → API-nycklar): `Authorization: Bearer gdk_…`.',
      },
    },
    schemas: { Error: jsonSchemaOf(appErrorSchema, 'output'), ErrorEnvelope: errorEnvelope },
    headers: { RetryAfter: { description: 'Seconds to wait before the next request.', schema: { type: 'integer', minimum: 1 } } },
    responses,
  };
}

function operation(method: MethodName, verb: 'get' | 'post'): Json {
  const def = methods[method];
  const optionalBody = def.input.safeParse({}).success;
  const content: Json = { 'application/json': { schema: requestSchemaOf(method) } };
  if (method === 'triggers.cap') content['application/xml'] = { schema: { type: 'string', description: 'A CAP 1.2 <alert> document.' } };
  const responses: Json = {
    '200': {
      description: 'Done: the answer is in `value`.',
      content: {
        'application/json': {
          schema: { type: 'object', required: ['ok', 'value'], properties: { ok: { const: true }, value: jsonSchemaOf(def.output, 'output') } },
        },
      },
    },
  };
  for (const [status, name] of ERRORS) {
    if (status === '413' && verb === 'get') continue;
    responses[status] = { $ref: `#/components/responses/${name}` };
  }
  return {
    operationId: verb === 'post' ? method : `${method}.get`,
    summary: methodSummaries[method] ?? method,
    description: `Method \`${method}\`; needs a key with the ${def.access} role or higher.`,
    tags: [domainOf(method)],
    'x-gdial-method': method,
    'x-gdial-role': def.access,
    ...(method === 'alerts.launch'
      ? {
          parameters: [
            {
              name: IDEMPOTENCY_HEADER,
              in: 'header',
              required: false,
              description: 'The launch key: the same value again returns the alert already launched instead of launching another. Takes the place of `launchKey` in the body.',
              schema: { type: 'string', minLength: 8, maxLength: 100 },
            },
          ],
        }
      : {}),
    ...(verb === 'post' ? { requestBody: { required: !optionalBody, content } } : {}),
    responses,
  };
}

/** The whole document. Built once per engine: the contract does not change while it runs. */
export function buildApiDocument(version: string): Json {
  const paths: Json = {};
  for (const method of restMethods) {
    paths[restPath(method)] = {
      ...(allowsGet(method) ? { get: operation(method, 'get') } : {}),
      post: operation(method, 'post'),
    };
  }
  const tags = [...new Set(restMethods.map(domainOf))].map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'GDial API',
      version,
      description:
        'The methods of the GDial console for other systems: `POST /api/v1/<domain>/<verb>` with the input as JSON; every answer is `{ok: true, value}` or `{ok: false, error}`. Reads without input also take GET.',
    },
    servers: [{ url: '/' }],
    security: [{ apiKey: [] }],
    tags,
    paths,
    components: components(),
  };
}
