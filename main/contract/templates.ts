import { z } from 'zod';
import { idSchema, isoTimeSchema, languageSchema, nameText, patchOf, plainText } from './common';

export const digitSchema = z.string().regex(/^[0-9*#]$/, 'one key: 0-9, * or #');

export const templateFieldsSchema = z.object({
  name: nameText(120),
  voiceText: plainText(4000).default(''),
  smsText: plainText(1600).default(''),
  language: languageSchema.default('sv'),
  confirmDigit: digitSchema.default('1'),
  declineDigit: digitSchema.default('2'),
});

export const templateSchema = templateFieldsSchema.extend({
  id: idSchema,
  createdAt: isoTimeSchema,
  updatedAt: isoTimeSchema,
});
export type Template = z.infer<typeof templateSchema>;

export const templatePatchSchema = patchOf(templateFieldsSchema).extend({ id: idSchema });
