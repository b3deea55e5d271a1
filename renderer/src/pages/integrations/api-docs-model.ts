/** Reading the API's OpenAPI document for the docs page: methods by domain, their input fields, curl examples. */

type Json = Record<string, unknown>;

export interface DocField {
  name: string;
  type: string;
  required: boolean;
  /** JSON of the default, or null. */
  defaultValue: string | null;
}

export interface DocMethod {
  method: string;
  domain: string;
  path: string;
  verbs: string[];
  role: string;
  summary: string;
  fields: DocField[];
  /** A minimal body: the required fields with example values. */
  example: Json;
  idempotencyHeader: boolean;
  xmlBody: boolean;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A short type for people: `string`, `integer`, `"sv" | "en"`, `array of integer`, `object`. */
export function typeOf(schema: unknown): string {
  if (!isObject(schema)) return 'any';
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if ('const' in schema) return JSON.stringify(schema.const);
  const union = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(union)) return [...new Set(union.map(typeOf))].join(' | ');
  if (schema.type === 'array') return `array of ${typeOf(schema.items)}`;
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  return 'any';
}

/** An example value for a schema: enough for a first call to pass validation where possible. */
export function exampleOf(schema: unknown): unknown {
  if (!isObject(schema)) return null;
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ('const' in schema) return schema.const;
  const union = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(union) && union.length > 0) return exampleOf(union[0]);
  switch (schema.type) {
    case 'object': {
      const properties = isObject(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
      return Object.fromEntries(required.map((key) => [key, exampleOf(properties[key])]));
    }
    case 'array':
      return typeof schema.minItems === 'number' && schema.minItems > 0 ? [exampleOf(schema.items)] : [];
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'string':
      return typeof schema.minLength === 'number' && schema.minLength > 4 ? 'x'.repeat(schema.minLength) : 'text';
    default:
      return null;
  }
}

/** The input's fields; an object field's own fields follow it as `parent.child` (two levels down at most). */
function fieldsOf(schema: unknown, prefix = '', depth = 0): DocField[] {
  if (!isObject(schema) || !isObject(schema.properties)) return [];
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(schema.properties).flatMap(([name, field]) => [
    {
      name: prefix + name,
      type: typeOf(field),
      required: required.has(name),
      defaultValue: isObject(field) && 'default' in field && !isObject(field.default) ? JSON.stringify(field.default) : null,
    },
    ...(depth < 2 ? fieldsOf(field, `${prefix}${name}.`, depth + 1) : []),
  ]);
}

/** Every method of the document, in the document's order (the contract's). */
export function methodsOf(document: Json): DocMethod[] {
  const paths = isObject(document.paths) ? document.paths : {};
  const out: DocMethod[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item) || !isObject(item.post)) continue;
    const post = item.post;
    const method = String(post['x-gdial-method'] ?? path);
    const body = isObject(post.requestBody) && isObject(post.requestBody.content) ? post.requestBody.content : {};
    const json = isObject(body['application/json']) ? body['application/json'].schema : undefined;
    out.push({
      method,
      domain: method.split('.')[0] ?? method,
      path,
      verbs: [...(item.get ? ['GET'] : []), 'POST'],
      role: String(post['x-gdial-role'] ?? ''),
      summary: typeof post.summary === 'string' ? post.summary : '',
      fields: fieldsOf(json),
      example: (exampleOf(json) as Json | null) ?? {},
      idempotencyHeader: Array.isArray(post.parameters) && post.parameters.some((p) => isObject(p) && p.name === 'Idempotency-Key'),
      xmlBody: 'application/xml' in body,
    });
  }
  return out;
}

/** Methods grouped by domain, domains in first-seen order. */
export function byDomain(list: DocMethod[]): Array<[string, DocMethod[]]> {
  const groups = new Map<string, DocMethod[]>();
  for (const m of list) groups.set(m.domain, [...(groups.get(m.domain) ?? []), m]);
  return [...groups];
}

const shellQuote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

/** A curl command for a method; GET when it takes one and needs no body. `body` replaces the generated example. */
export function curlOf(base: string, m: DocMethod, body?: Json): string {
  const lines = [`curl ${m.verbs.includes('GET') && Object.keys(m.example).length === 0 ? '' : '-X POST '}${base}${m.path}`, `  -H 'Authorization: Bearer gdk_…'`];
  if (m.verbs.includes('GET') && Object.keys(m.example).length === 0) return lines.join(' \\\n');
  if (m.idempotencyHeader) lines.push(`  -H 'Idempotency-Key: larm-2026-0001'`);
  lines.push(`  -H 'Content-Type: application/json'`);
  const given = body ?? m.example;
  const example = m.idempotencyHeader ? Object.fromEntries(Object.entries(given).filter(([k]) => k !== 'launchKey')) : given;
  lines.push(`  -d ${shellQuote(JSON.stringify(example))}`);
  return lines.join(' \\\n');
}
