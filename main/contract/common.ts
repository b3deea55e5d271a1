import { z } from 'zod';

export const roles = ['viewer', 'operator', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const languages = ['sv', 'en'] as const;
export const languageSchema = z.enum(languages);
export type Language = z.infer<typeof languageSchema>;

export const colorSchemeSchema = z.enum(['light', 'dark', 'auto']);
export type ColorScheme = z.infer<typeof colorSchemeSchema>;

export const idSchema = z.number().int().positive();
export const isoTimeSchema = z.string();
export const emptySchema = z.object({}).strict();

/**
 * The schema for a partial update of `schema`: every field optional and WITHOUT its default
 * (zod applies defaults inside .partial(), which would reset every field the caller left out).
 */
export function patchOf<T extends z.ZodRawShape>(schema: z.ZodObject<T>) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [key, (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType)).optional()]),
  );
  return z.object(shape) as unknown as z.ZodObject<{
    [K in keyof T]: z.ZodOptional<T[K] extends z.ZodDefault<infer Inner> ? Inner : T[K]>;
  }>;
}

/**
 * Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069). In a
 * name or a message they reorder what a reader sees ("Anna" can be made to read as someone else,
 * a number or a word reversed on a phone's screen), so they are removed from every name and text
 * on input, before anything is stored, shown or sent.
 */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
export const stripBidiControls = (text: string): string => text.replace(BIDI_CONTROLS, '');

/** Trimmed, non-empty, bounded text without bidi controls: what every free-text name field accepts. */
export const nameText = (max: number) => z.string().overwrite(stripBidiControls).trim().min(1).max(max);

/** Trimmed, bounded, possibly empty text without bidi controls: what every free-text field accepts. */
export const plainText = (max: number) => z.string().overwrite(stripBidiControls).trim().max(max);
