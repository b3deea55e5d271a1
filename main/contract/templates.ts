import { z } from 'zod';
import { burnPolicySchema, channelSchema, escalationPolicySchema } from './alerts';
import { idSchema, isoTimeSchema, languageSchema, nameText, patchOf, plainText } from './common';

export const digitSchema = z.string().regex(/^[0-9*#]$/, 'one key: 0-9, * or #');

/**
 * What a one-click "Starta" on the template launches besides its texts: who, how, how hard, and
 * whether it burns or is a drill. The same schemas as an alert's draft, so a template can never
 * hold a setting the launch would refuse. Recipients may be empty: the pre-flight then asks.
 */
export const templateAlertDefaultsSchema = z.object({
  groupIds: z.array(idSchema).max(500).default([]),
  contactIds: z.array(idSchema).max(2000).default([]),
  channels: z.array(channelSchema).min(1).max(2).default(['voice', 'sms']),
  policy: escalationPolicySchema.default(escalationPolicySchema.parse({})),
  burn: burnPolicySchema.nullable().default(null),
  drill: z.boolean().default(false),
});
export type TemplateAlertDefaults = z.infer<typeof templateAlertDefaultsSchema>;

export const templateFieldsSchema = z.object({
  name: nameText(120),
  voiceText: plainText(4000).default(''),
  smsText: plainText(1600).default(''),
  language: languageSchema.default('sv'),
  confirmDigit: digitSchema.default('1'),
  declineDigit: digitSchema.default('2'),
  /** Null (or absent): a message-only template, chosen in the wizard's first step. */
  alertDefaults: templateAlertDefaultsSchema.nullable().default(null),
});

export const templateSchema = templateFieldsSchema.extend({
  id: idSchema,
  createdAt: isoTimeSchema,
  updatedAt: isoTimeSchema,
});
export type Template = z.infer<typeof templateSchema>;

export const templatePatchSchema = patchOf(templateFieldsSchema).extend({ id: idSchema });
