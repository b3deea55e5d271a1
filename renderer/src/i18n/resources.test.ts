import { describe, expect, it } from 'vitest';
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
});
