/**
 * What an SMS sender may be, for the engine (settings, GDIAL_SMS_SENDER) and the console's form
 * alike: an E.164 number, or an alphanumeric sender ID as carriers accept it (Twilio: ASCII
 * letters, digits and spaces, at most 11 characters, at least one letter; no å/ä/ö).
 */
import { z } from 'zod';

const E164_SENDER = /^\+[1-9]\d{6,14}$/;
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

export function isValidSmsSender(value: string): boolean {
  const v = value.trim();
  return E164_SENDER.test(v) || ALPHANUMERIC_SENDER.test(v);
}

export const smsSenderSchema = z
  .string()
  .trim()
  .refine(isValidSmsSender, {
    message: 'an E.164 number (+46701234567) or a name of at most 11 ASCII letters, digits and spaces, with a letter',
  });
