/**
 * Every engine capability, by name (`domain.verb`). The router, the preload allowlist and the
 * console's client all derive from this table; adding a capability starts here.
 */
import { z } from 'zod';
import { auditEntrySchema, auditListInputSchema, auditVerifySchema } from './audit';
import { emptySchema, idSchema } from './common';
import { settingsPatchSchema, settingsViewSchema } from './settings';
import { authStatusSchema, systemInfoSchema } from './system';
import { templateFieldsSchema, templatePatchSchema, templateSchema } from './templates';
import {
  newUserSchema,
  passwordSchema,
  profilePatchSchema,
  sessionResultSchema,
  userPatchSchema,
  userSchema,
  usernameSchema,
} from './users';

/** Who may call a method: `public` needs no session; the rest need at least that role. */
export type Access = 'public' | 'viewer' | 'operator' | 'admin';

export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  access: Access;
  input: I;
  output: O;
}

function method<I extends z.ZodType, O extends z.ZodType>(access: Access, input: I, output: O): MethodDef<I, O> {
  return { access, input, output };
}

const ok = z.object({ ok: z.literal(true) });

export const methods = {
  'auth.status': method('public', emptySchema, authStatusSchema),
  'auth.setup': method('public', newUserSchema.omit({ role: true }).strict(), sessionResultSchema),
  'auth.login': method(
    'public',
    z.object({ username: usernameSchema, password: z.string().min(1).max(256) }).strict(),
    sessionResultSchema,
  ),
  'auth.resume': method('public', z.object({ token: z.string().min(10).max(200) }).strict(), userSchema),
  'auth.logout': method('viewer', emptySchema, ok),
  'auth.me': method('viewer', emptySchema, userSchema),
  'auth.changePassword': method(
    'viewer',
    z.object({ currentPassword: z.string().min(1).max(256), newPassword: passwordSchema }).strict(),
    ok,
  ),
  'profile.update': method('viewer', profilePatchSchema.strict(), userSchema),

  'users.list': method('admin', emptySchema, z.array(userSchema)),
  'users.create': method('admin', newUserSchema.strict(), userSchema),
  'users.update': method('admin', userPatchSchema.strict(), userSchema),
  'users.setPassword': method('admin', z.object({ id: idSchema, password: passwordSchema }).strict(), ok),
  'users.unlock': method('admin', z.object({ id: idSchema }).strict(), userSchema),

  'settings.get': method('viewer', emptySchema, settingsViewSchema),
  'settings.update': method('admin', settingsPatchSchema, settingsViewSchema),

  'templates.list': method('viewer', emptySchema, z.array(templateSchema)),
  'templates.create': method('operator', templateFieldsSchema.strict(), templateSchema),
  'templates.update': method('operator', templatePatchSchema.strict(), templateSchema),
  'templates.delete': method('operator', z.object({ id: idSchema }).strict(), ok),

  'audit.list': method('admin', auditListInputSchema.strict(), z.array(auditEntrySchema)),
  'audit.verify': method('admin', emptySchema, auditVerifySchema),

  'system.info': method('viewer', emptySchema, systemInfoSchema),
} as const satisfies Record<string, MethodDef>;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export const methodNames = Object.keys(methods) as MethodName[];
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}
