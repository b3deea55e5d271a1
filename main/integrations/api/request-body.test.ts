/** A REST body as a method's input: JSON, CAP as XML, and the Idempotency-Key header. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { inputOf } from './request-body';

describe('inputOf', () => {
  it('reads JSON, and an empty body as {}', () => {
    expect(inputOf('groups.create', '{"name":"Styrka"}', {})).toEqual({ name: 'Styrka' });
    expect(inputOf('alerts.list', '', {})).toEqual({});
  });

  it('refuses bad JSON as validation (api.bad_json)', () => {
    expect(() => inputOf('groups.create', '{name', {})).toThrow(AppError);
    try {
      inputOf('groups.create', '{name', {});
    } catch (error) {
      expect((error as AppError).code).toBe('api.bad_json');
    }
  });

  it('takes a CAP document as XML for triggers.cap (application/xml or text/xml), and JSON otherwise', () => {
    const xml = '<?xml version="1.0"?><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"/>';
    expect(inputOf('triggers.cap', xml, { 'content-type': 'application/xml; charset=utf-8' })).toEqual({ xml });
    expect(inputOf('triggers.cap', xml, { 'content-type': 'text/xml' })).toEqual({ xml });
    expect(inputOf('triggers.cap', xml, { 'content-type': 'application/cap+xml' })).toEqual({ xml });
    expect(inputOf('triggers.cap', JSON.stringify({ xml }), { 'content-type': 'application/json' })).toEqual({ xml });
    // Only triggers.cap reads XML: elsewhere it is bad JSON.
    expect(() => inputOf('triggers.json', xml, { 'content-type': 'application/xml' })).toThrow(/not valid JSON/);
  });

  it("makes alerts.launch's Idempotency-Key its launchKey, and refuses a different launchKey in the body", () => {
    const draft = { title: 'Brand' };
    expect(inputOf('alerts.launch', JSON.stringify({ draft }), { 'idempotency-key': ' larm-000123 ' })).toEqual({ draft, launchKey: 'larm-000123' });
    expect(inputOf('alerts.launch', JSON.stringify({ draft, launchKey: 'larm-000123' }), { 'idempotency-key': 'larm-000123' })).toEqual({ draft, launchKey: 'larm-000123' });
    expect(() => inputOf('alerts.launch', JSON.stringify({ draft, launchKey: 'other-0001' }), { 'idempotency-key': 'larm-000123' })).toThrow(/differ/);
    // Other methods ignore the header.
    expect(inputOf('alerts.get', '{"id":1}', { 'idempotency-key': 'larm-000123' })).toEqual({ id: 1 });
  });
});

