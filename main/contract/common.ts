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

/** Trimmed, non-empty, bounded text: what every free-text name field accepts. */
export const nameText = (max: number) => z.string().trim().min(1).max(max);
