import { z } from 'zod';
import { reasonSchema } from './reason';

export const contactFieldNames = [
  'name',
  'firstName',
  'lastName',
  'organisation',
  'title',
  'email',
  'language',
  'notes',
  'tags',
  'groups',
  'externalId',
  'phone',
  'ignore',
] as const;

export const columnMappingSchema = z.object({
  column: z.number().int().min(0),
  header: z.string(),
  field: z.enum(contactFieldNames),
  label: z.string().optional(),
});
export type ColumnMappingDto = z.infer<typeof columnMappingSchema>;

export const importStatuses = ['new', 'update', 'duplicate', 'invalid', 'conflict'] as const;
export const importStatusSchema = z.enum(importStatuses);
export type ImportStatus = z.infer<typeof importStatusSchema>;

export const importRowSchema = z.object({
  line: z.number().int(),
  status: importStatusSchema,
  name: z.string(),
  /** Valid rows: normalised, in the order they will be called (mobile, work, home); otherwise as in the file. */
  numbers: z.array(z.string()),
  /** A new contact's number called first (mobile before work before home), for the preview; null otherwise. */
  firstCall: z.string().nullable().default(null),
  /** Why a row is skipped or what an update changes, in English (logs, CLI); null for plain new rows. */
  reason: z.string().nullable(),
  /** The same as codes with parameters, which the console says in its language. */
  reasons: z.array(reasonSchema).default([]),
  /** The existing contact an update or conflict concerns. */
  contactId: z.number().int().nullable(),
});
export type ImportRow = z.infer<typeof importRowSchema>;

export const importTotalsSchema = z.object({
  rows: z.number().int(),
  new: z.number().int(),
  update: z.number().int(),
  duplicate: z.number().int(),
  invalid: z.number().int(),
  conflict: z.number().int(),
});
export type ImportTotals = z.infer<typeof importTotalsSchema>;

/**
 * An import file travels in chunks of at most this many bytes (base64 in the frame: about 342 KiB
 * of JSON), never in one frame: every transport (WebSocket, Electron IPC, the CLI's loopback
 * socket) then carries frames well under 1 MiB whatever the file's size, and the engine answers
 * other calls between chunks. A WebSocket frame limit must leave room for one chunk call.
 */
export const IMPORT_CHUNK_BYTES = 256 * 1024;
/** The longest `dataBase64` one chunk call may carry (4 characters per 3 bytes, padded). */
export const IMPORT_CHUNK_BASE64_CHARS = Math.ceil(IMPORT_CHUNK_BYTES / 3) * 4;

export const uploadIdSchema = z.string().min(1).max(100);

/** Announces a file before any of its bytes: a file over the size limit is refused here. */
export const importBeginInputSchema = z.object({
  fileName: z.string().trim().min(1).max(260),
  /** The file's size in bytes. */
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export const importBeginResultSchema = z.object({
  uploadId: uploadIdSchema,
  /** The largest chunk the engine accepts (IMPORT_CHUNK_BYTES). */
  chunkBytes: z.number().int().positive(),
  /** The size limit in bytes (the importMaxMegabytes setting). */
  maxBytes: z.number().int().positive(),
});

export const importChunkInputSchema = z.object({
  uploadId: uploadIdSchema,
  /** Where this chunk starts in the file: chunks arrive in order, each exactly once. */
  offset: z.number().int().min(0),
  /** The chunk's bytes, base64: encodings are detected by the engine, not the browser. */
  dataBase64: z.string().min(1).max(IMPORT_CHUNK_BASE64_CHARS),
});
export const importChunkResultSchema = z.object({ received: z.number().int() });

export const importPreviewInputSchema = z.object({
  /** A complete upload (contacts.importBegin + importChunk); it stays for re-reads until the commit. */
  uploadId: uploadIdSchema,
  /** The wizard's adjusted column mapping; omitted = detected. */
  mapping: z.array(columnMappingSchema).max(500).optional(),
  /** Every imported contact also joins this group (created if missing). */
  targetGroup: z.string().trim().min(1).max(120).optional(),
  /** How many rows to return in `rows` (problems first); totals always count all. */
  rowLimit: z.number().int().min(0).max(1_000_000).default(1000),
});

export const importReportSchema = z.object({
  importId: z.string(),
  fileName: z.string(),
  format: z.enum(['csv', 'vcard']),
  encoding: z.string(),
  delimiter: z.string().nullable(),
  headers: z.array(z.string()),
  mapping: z.array(columnMappingSchema),
  totals: importTotalsSchema,
  rows: z.array(importRowSchema),
  /** True when `rows` holds fewer rows than the file. */
  truncated: z.boolean(),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const importResultSchema = z.object({
  totals: importTotalsSchema,
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  groupsCreated: z.array(z.string()),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const exportFormats = ['csv', 'csv-excel', 'vcf'] as const;

export const exportInputSchema = z.object({
  format: z.enum(exportFormats),
  groupId: z.number().int().positive().optional(),
  includeInactive: z.boolean().default(false),
});

export const exportResultSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  content: z.string(),
  count: z.number().int(),
});
