/** The shape every answer takes when it crosses a boundary (IPC, WebSocket, CLI). */
import { z } from 'zod';

export const errorKinds = [
  'validation',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'locked',
  'carrier',
  'unavailable',
  'internal',
] as const;
export type ErrorKind = (typeof errorKinds)[number];

export const fieldIssueSchema = z.object({
  path: z.string(),
  message: z.string(),
  /** zod's issue code (too_small, too_big, invalid_format, …) so the console can translate. */
  code: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

export const appErrorSchema = z.object({
  kind: z.enum(errorKinds),
  /** English, for logs and the CLI; the console translates `code` when it knows it. */
  message: z.string(),
  /** Stable machine-readable reason, e.g. `auth.invalid_credentials`. */
  code: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  fields: z.array(fieldIssueSchema).optional(),
});
export type AppErrorShape = z.infer<typeof appErrorSchema>;

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };
