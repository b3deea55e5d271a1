import type { AppErrorShape, ErrorKind, FieldIssue } from '@contract';

/** An engine refusal (or a transport failure) as something a screen can translate and show. */
export class ApiError extends Error {
  readonly kind: ErrorKind;
  readonly code: string | undefined;
  readonly params: Record<string, string | number>;
  readonly fields: FieldIssue[];

  constructor(shape: AppErrorShape) {
    super(shape.message);
    this.name = 'ApiError';
    this.kind = shape.kind;
    this.code = shape.code;
    this.params = shape.params ?? {};
    this.fields = shape.fields ?? [];
  }

  /** The message for one input, so forms can place it next to the field it concerns. */
  fieldMessage(path: string): string | undefined {
    return this.fields.find((f) => f.path === path)?.message;
  }
}

export function unavailable(message: string, code = 'transport.unavailable'): ApiError {
  return new ApiError({ kind: 'unavailable', message, code });
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}
