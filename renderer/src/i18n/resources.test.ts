import { describe, expect, it } from 'vitest';
import { codeKeys } from '../components/error-text';
import { en } from './en';
import { sv } from './sv';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('translations', () => {
  it('has every Swedish text in English and nothing extra', () => {
    expect(keys(en).sort()).toEqual(keys(sv).sort());
  });

  it('has no empty texts', () => {
    for (const [name, messages] of Object.entries({ sv, en })) {
      const empty = keys(messages).filter((k) => k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], messages) === '');
      expect(empty, name).toEqual([]);
    }
  });

  it('has a text in both languages for every engine code the console says in words', () => {
    const at = (messages: object, key: string) => key.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown> | undefined)?.[p], messages);
    for (const [code, key] of Object.entries(codeKeys)) {
      expect(typeof at(sv, key), `sv ${code}`).toBe('string');
      expect(typeof at(en, key), `en ${code}`).toBe('string');
    }
    expect(codeKeys['audit.key_unavailable']).toBe('errors.codes.audit.key_unavailable');
  });
});
