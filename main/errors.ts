/** The engine's one error type: everything an operator may read carries a kind and a code. */
import type { AppErrorShape, ErrorKind, FieldIssue } from './contract';
import { isUniqueViolation } from './db/constraint-errors';

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string | undefined;
  readonly params: Record<string, string | number> | undefined;
  readonly fields: FieldIssue[] | undefined;

  constructor(
    kind: ErrorKind,
    message: string,
    opts: { code?: string; params?: Record<string, string | number>; fields?: FieldIssue[]; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.code = opts.code;
    this.params = opts.params;
    this.fields = opts.fields;
  }

  toShape(): AppErrorShape {
    return {
      kind: this.kind,
      message: this.message,
      ...(this.code ? { code: this.code } : {}),
      ...(this.params ? { params: this.params } : {}),
      ...(this.fields ? { fields: this.fields } : {}),
    };
  }
}

/** Rethrows a UNIQUE violation on a name as the conflict an operator can act on; anything else as is. */
export function nameTaken(error: unknown, what: 'group' | 'template', name: string | undefined): never {
  if (isUniqueViolation(error) && name) {
    throw new AppError('conflict', `A ${what} named "${name}" already exists`, {
      code: `${what}s.name_taken`,
      fields: [{ path: 'name', message: 'taken' }],
    });
  }
  throw error;
}

export const notFound = (what: string, id: number | string) =>
  new AppError('not_found', `${what} ${id} does not exist`, { code: 'not_found', params: { what, id } });
