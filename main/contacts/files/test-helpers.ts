/** Shared by this folder's tests: fixtures, generous limits, and catching the refusal. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { AppError } from '../../errors';
import type { ImportLimits } from './types';

export const LIMITS: ImportLimits = { maxBytes: 50 * 1024 * 1024, maxRows: 200_000, maxLineBytes: 64 * 1024 };

export function fixture(name: string): Uint8Array {
  return readFileSync(path.join(import.meta.dirname, 'fixtures', name));
}

/** Runs fn, expects a validation AppError with this code, returns it for more checks. */
export function refusal(fn: () => unknown, code: string): AppError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(AppError);
  const error = caught as AppError;
  expect(error.code).toBe(code);
  expect(error.kind).toBe('validation');
  return error;
}

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
