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

/** Trimmed, non-empty, bounded text: what every free-text name field accepts. */
export const nameText = (max: number) => z.string().trim().min(1).max(max);
