/** Create-time checks Twilio makes on numbers and URLs, with its error codes. */
import { REJECT_MESSAGES, type SimulatorConfig } from './config';
import { field, HttpError, type Form } from './http-util';

/** A number the configuration refuses (unsubscribed, unreachable, …), as opposed to malformed input. */
export class RejectedNumberError extends HttpError {}

const E164 = /^\+[1-9]\d{5,14}$/;

export function validateNumber(config: SimulatorConfig, to: string): void {
  if (!E164.test(to)) throw new HttpError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  const code = config.rejectNumbers[to];
  if (code !== undefined) {
    throw new RejectedNumberError(400, code, REJECT_MESSAGES[code] ?? `The 'To' number ${to} was refused.`);
  }
}

/** Twilio refuses to text a number that opted out, until it opts back in. */
export function validateSubscribed(optedOut: ReadonlySet<string>, to: string): void {
  if (optedOut.has(to)) throw new RejectedNumberError(400, 21610, REJECT_MESSAGES[21610]!);
}

export function validateUrl(form: Form, key: string, code: number): void {
  const raw = field(form, key);
  if (raw === undefined) return;
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return;
  } catch {
    // fall through to the Twilio error
  }
  throw new HttpError(400, code, `${key} is not a valid URL: ${raw}`);
}
