import { z } from 'zod';
import { colorSchemeSchema, idSchema, isoTimeSchema, languageSchema, nameText, roleSchema } from './common';

export const MIN_PASSWORD_LENGTH = 10;

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9._@-]+$/, 'letters a-z, digits and . _ @ - only');

export const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH).max(256);

export const userSchema = z.object({
  id: idSchema,
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  lockedUntil: isoTimeSchema.nullable(),
  failedLogins: z.number().int(),
  language: languageSchema,
  colorScheme: colorSchemeSchema,
  createdAt: isoTimeSchema,
  lastLoginAt: isoTimeSchema.nullable(),
});
export type User = z.infer<typeof userSchema>;

export const sessionResultSchema = z.object({ token: z.string(), user: userSchema });
export type SessionResult = z.infer<typeof sessionResultSchema>;

export const newUserSchema = z.object({
  username: usernameSchema,
  displayName: nameText(120),
  role: roleSchema,
  password: passwordSchema,
  language: languageSchema.default('sv'),
});

export const userPatchSchema = z.object({
  id: idSchema,
  displayName: nameText(120).optional(),
  role: roleSchema.optional(),
  disabled: z.boolean().optional(),
});

export const profilePatchSchema = z.object({
  displayName: nameText(120).optional(),
  language: languageSchema.optional(),
  colorScheme: colorSchemeSchema.optional(),
});
