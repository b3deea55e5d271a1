/** Turns the numbers an operator typed into ledger-ready rows, or a validation error per field. */
import type { z } from 'zod';
import type { numberInputSchema } from '../contract';
import { AppError } from '../errors';
import { normalizePhone, type NumberKind } from './phone-number';

export interface NumberRow {
  e164: string;
  raw: string;
  label: string;
  kind: NumberKind;
  priority: number;
  voiceCapable: boolean;
  smsCapable: boolean;
}

export function normalizeNumberInputs(inputs: z.output<typeof numberInputSchema>[]): NumberRow[] {
  const fields: { path: string; message: string }[] = [];
  const rows: NumberRow[] = [];
  const seen = new Set<string>();
  inputs.forEach((input, i) => {
    const result = normalizePhone(input.number);
    if (!result.ok) {
      fields.push({ path: `numbers.${i}.number`, message: `${input.number}: ${result.reason}` });
      return;
    }
    if (seen.has(result.e164)) {
      fields.push({ path: `numbers.${i}.number`, message: `${input.number}: samma nummer finns redan ovanför` });
      return;
    }
    seen.add(result.e164);
    rows.push({
      e164: result.e164,
      raw: input.number,
      label: input.label,
      kind: result.kind,
      priority: rows.length,
      voiceCapable: result.voiceCapable,
      smsCapable: result.smsCapable,
    });
  });
  if (fields.length > 0) {
    throw new AppError('validation', `Invalid numbers: ${fields.map((f) => f.message).join('; ')}`, {
      code: 'contacts.invalid_number',
      fields,
    });
  }
  return rows;
}
