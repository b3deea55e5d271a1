import { z } from 'zod';
import { idSchema, isoTimeSchema, nameText, plainText } from './common';

export const groupFieldsSchema = z.object({
  name: nameText(120),
  description: plainText(1000).default(''),
});

export const groupSchema = z.object({
  id: idSchema,
  name: z.string(),
  description: z.string(),
  memberCount: z.number().int(),
  /** Members with at least one number that can take SMS and has not opted out. */
  smsReachableCount: z.number().int(),
  createdAt: isoTimeSchema,
  updatedAt: isoTimeSchema,
});
export type Group = z.infer<typeof groupSchema>;

export const groupMemberSchema = z.object({
  contactId: idSchema,
  position: z.number().int(),
  name: z.string(),
  organisation: z.string(),
  active: z.boolean(),
  primaryNumber: z.string().nullable(),
  smsReachable: z.boolean(),
});
export type GroupMember = z.infer<typeof groupMemberSchema>;

export const memberIdsSchema = z
  .array(idSchema)
  .max(200_000)
  .refine((ids) => new Set(ids).size === ids.length, 'a contact appears twice');
