import { z } from 'zod';
import { colorSchemeSchema, idSchema, isoTimeSchema, languageSchema, nameText, roleSchema } from './common';

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9._@-]+$/, 'letters a-z, digits and . _ @ - only');

/**
 * A new password as the contract carries it. Its rules (length, username, guessability) are the
 * engine's (main/auth/password-policy.ts), which refuses with a code the console can translate;
 * the console asks `auth.checkPassword` rather than keeping a copy.
 */
export const passwordSchema = z.string().min(1).max(256);

export const passwordCheckInputSchema = z.object({ password: z.string().max(256), username: z.string().max(64).optional() });
export const passwordCheckSchema = z.object({
  problem: z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }).nullable(),
});

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
