import { z } from 'zod';
import { idSchema, isoTimeSchema, languageSchema, nameText, patchOf, plainText } from './common';

export const numberKinds = ['mobile', 'landline', 'other', 'unknown'] as const;
export const numberKindSchema = z.enum(numberKinds);
export type NumberKind = z.infer<typeof numberKindSchema>;

export const phoneNumberSchema = z.object({
  id: idSchema,
  e164: z.string(),
  raw: z.string(),
  kind: numberKindSchema,
  label: z.string(),
  priority: z.number().int(),
  voiceCapable: z.boolean(),
  smsCapable: z.boolean(),
  smsOptedOut: z.boolean(),
});
export type PhoneNumber = z.infer<typeof phoneNumberSchema>;

const tagsSchema = z.array(nameText(60)).max(50);

/** A number as an operator types it; the engine normalises it or says why it cannot. */
export const numberInputSchema = z.object({
  number: z.string().trim().min(1).max(40),
  label: plainText(40).default(''),
});

export const contactFieldsSchema = z.object({
  name: nameText(200),
  organisation: plainText(200).default(''),
  title: plainText(200).default(''),
  email: z.union([z.literal(''), z.string().trim().email().max(254)]).default(''),
  language: languageSchema.default('sv'),
  notes: plainText(4000).default(''),
  tags: tagsSchema.default([]),
  /** In call-out order: the first is tried first. */
  numbers: z.array(numberInputSchema).max(10).default([]),
});

export const contactPatchSchema = patchOf(contactFieldsSchema).extend({
  id: idSchema,
  /** The contact's updatedAt as the editor loaded it: if someone saved since, the save is refused. */
  expectedUpdatedAt: isoTimeSchema.optional(),
});

export const contactSchema = z.object({
  id: idSchema,
  name: z.string(),
  organisation: z.string(),
  title: z.string(),
  email: z.string(),
  language: languageSchema,
  notes: z.string(),
  tags: z.array(z.string()),
  active: z.boolean(),
  externalId: z.string().nullable(),
  numbers: z.array(phoneNumberSchema),
  groups: z.array(z.object({ id: idSchema, name: z.string() })),
  createdAt: isoTimeSchema,
  updatedAt: isoTimeSchema,
});
export type Contact = z.infer<typeof contactSchema>;

/** One line of the address book table: enough to scan 100,000 rows, not the whole record. */
export const contactRowSchema = z.object({
  id: idSchema,
  name: z.string(),
  organisation: z.string(),
  title: z.string(),
  active: z.boolean(),
  tags: z.array(z.string()),
  primaryNumber: z.string().nullable(),
  numberCount: z.number().int(),
  kinds: z.array(numberKindSchema),
  smsCapable: z.boolean(),
  smsOptedOut: z.boolean(),
  groupCount: z.number().int(),
});
export type ContactRow = z.infer<typeof contactRowSchema>;

export const contactFlags = ['inactive', 'opted_out', 'no_sms', 'no_number'] as const;

export const contactQuerySchema = z.object({
  /** Name, organisation, title, or a number in any format ("070-123 45 67"). */
  query: z.string().trim().max(100).optional(),
  groupId: idSchema.optional(),
  tag: z.string().max(60).optional(),
  kind: numberKindSchema.optional(),
  flag: z.enum(contactFlags).optional(),
  /** Inactive contacts are hidden unless asked for (flag 'inactive' or this). */
  includeInactive: z.boolean().default(false),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
});

export const contactPageSchema = z.object({
  total: z.number().int(),
  offset: z.number().int(),
  rows: z.array(contactRowSchema),
});

export const numberCheckSchema = z.object({
  ok: z.boolean(),
  e164: z.string().nullable(),
  kind: numberKindSchema.nullable(),
  smsCapable: z.boolean(),
  /** Stable codes for the console's translations, and the Swedish text. */
  problem: z.string().nullable(),
  reason: z.string().nullable(),
  warnings: z.array(z.object({ code: z.string(), text: z.string() })),
  /** Other contacts that already have this number (normalised E.164): a warning, never a block. */
  owners: z.array(z.object({ id: z.number().int(), name: z.string() })).default([]),
});
export type NumberCheck = z.infer<typeof numberCheckSchema>;
