/** The OpenAPI document: valid OpenAPI 3.1, and in step with the contract (a new or changed method fails here). */
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { methodNames, methods, type MethodName } from '../../contract';
import { methodSummaries } from './method-summaries';
import { buildApiDocument, requestSchemaOf } from './openapi';
import { allowsGet, allowlistPermits, restExposed, restMethods, restPath } from './rest-methods';

type Operation = {
  operationId: string;
  'x-gdial-method': string;
  'x-gdial-role': string;
  parameters?: { name: string; in: string }[];
  requestBody?: { required: boolean; content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: { properties: { value: unknown } } }>; $ref?: string }>;
};
type Document = { paths: Record<string, { get?: Operation; post: Operation }>; components: { responses: Record<string, { headers?: object }> } };

const document = buildApiDocument('9.9.9') as unknown as Document;
const withoutDialect = (schema: z.core.JSONSchema.BaseSchema) => {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
};

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 (swagger-parser)', async () => {
    const api = await SwaggerParser.validate(structuredClone(document) as never);
    expect((api as { openapi: string }).openapi).toBe('3.1.0');
    // The validator bites: a response without its description is refused.
    const broken = structuredClone(document) as unknown as { paths: Record<string, { post: { responses: Record<string, { description?: string }> } }> };
    delete broken.paths['/api/v1/alerts/launch']!.post.responses['200']!.description;
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow(/description/);
  });

  it('has a path for every method the API serves, and every path is such a method', () => {
    const paths = Object.keys(document.paths).sort();
    expect(paths).toEqual(restMethods.map(restPath).sort());
    for (const path of paths) {
      const method = path.replace('/api/v1/', '').replace('/', '.');
      expect(restExposed(method), path).toBe(true);
      expect(document.paths[path]!.post['x-gdial-method']).toBe(method);
    }
  });

  it("leaves out what only the console may do: sign-in, profile, secrets, keys, users, admin methods and a person's approval", () => {
    for (const name of methodNames) {
      const hidden =
        methods[name].access === 'public' || methods[name].access === 'admin' || /^(auth|profile|secrets|apiKeys|users)\./.test(name) || name === 'alerts.approve';
      expect(Boolean(document.paths[restPath(name)]), name).toBe(!hidden);
    }
    expect(restMethods).toContain('alerts.launch');
    expect(restMethods).not.toContain('settings.update');
  });

  it("each path's request body, answer and role are the contract's", () => {
    for (const method of restMethods) {
      const item = document.paths[restPath(method)]!;
      const def = methods[method as MethodName];
      const input = withoutDialect(z.toJSONSchema(def.input, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }));
      if (method === 'alerts.launch') input.required = (input.required ?? []).filter((k) => k !== 'launchKey');
      expect(item.post.requestBody!.content['application/json']!.schema, method).toEqual(input);
      expect(requestSchemaOf(method), method).toEqual(input);
      const output = withoutDialect(z.toJSONSchema(def.output, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' }));
      expect(item.post.responses['200']!.content!['application/json']!.schema.properties.value, method).toEqual(output);
      expect(item.post['x-gdial-role'], method).toBe(def.access);
      expect(Boolean(item.get), method).toBe(allowsGet(method));
      expect(methodSummaries[method], method).toBeTruthy();
    }
  });

  it('documents the API key, 401, 429 with Retry-After, the Idempotency-Key header and CAP as XML', () => {
    const launch = document.paths['/api/v1/alerts/launch']!.post;
    expect(launch.parameters).toEqual([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]);
    expect(launch.responses['429']!.$ref).toBe('#/components/responses/TooManyRequests');
    expect(launch.responses['401']!.$ref).toBe('#/components/responses/Unauthenticated');
    expect(document.components.responses.TooManyRequests!.headers).toHaveProperty('Retry-After');
    expect(Object.keys(document.paths['/api/v1/triggers/cap']!.post.requestBody!.content)).toEqual(['application/json', 'application/xml']);
    expect((document as unknown as { security: unknown }).security).toEqual([{ apiKey: [] }]);
  });
});

describe('allowlists', () => {
  it('match a method, a whole domain, or /metrics only when named', () => {
    expect(allowlistPermits([], 'alerts.list')).toBe(true);
    expect(allowlistPermits([], 'metrics')).toBe(false);
    expect(allowlistPermits(['alerts.*'], 'alerts.launch')).toBe(true);
    expect(allowlistPermits(['alerts.*'], 'alertsx.launch')).toBe(false);
    expect(allowlistPermits(['alerts.get'], 'alerts.list')).toBe(false);
    expect(allowlistPermits(['metrics'], 'metrics')).toBe(true);
    expect(allowlistPermits(['metrics'], 'alerts.get')).toBe(false);
  });
});
