/**
 * The one place where GDial decides whether a new password is acceptable. Every way a password is
 * set (first run, GDIAL_ADMIN_PASSWORD, create user, an admin's reset, changing one's own) asks
 * here, and so does the console's live hint (`auth.checkPassword`): the console never keeps a copy
 * of these rules. A refusal is a code plus params so the console can say it in Swedish or English.
 */
import { AppError } from '../errors';
import { estimateStrength } from './password-strength';

export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn's 0–4 scale: 3 is "safely unguessable: moderate protection from offline slow-hash attacks". */
export const MIN_PASSWORD_SCORE = 3;

export type PasswordProblem =
  | { code: 'auth.password_too_short'; params: { min: number } }
  | { code: 'auth.password_contains_username'; params: Record<string, never> }
  | { code: 'auth.password_guessable'; params: { score: number; min: number } };

/**
 * What is wrong with `password` as a new password for `username`, or null if nothing. The
 * guessability estimate runs in a worker thread (password-strength.ts).
 */
export async function passwordProblem(password: string, username?: string): Promise<PasswordProblem | null> {
  const normalised = password.normalize('NFC');
  // Characters as people count them (code points), not UTF-16 units.
  if ([...normalised].length < MIN_PASSWORD_LENGTH) return { code: 'auth.password_too_short', params: { min: MIN_PASSWORD_LENGTH } };
  const name = username?.trim().toLowerCase();
  if (name && normalised.toLowerCase().includes(name)) return { code: 'auth.password_contains_username', params: {} };
  const { score } = await estimateStrength(normalised, name ? ['gdial', name] : ['gdial']);
  if (score < MIN_PASSWORD_SCORE) return { code: 'auth.password_guessable', params: { score, min: MIN_PASSWORD_SCORE } };
  return null;
}

const messages: Record<PasswordProblem['code'], string> = {
  'auth.password_too_short': `The password must have at least ${MIN_PASSWORD_LENGTH} characters`,
  'auth.password_contains_username': 'The password must not contain the username',
  'auth.password_guessable': 'The password is too easy to guess; choose a longer one of unrelated words',
};

/** Refuses an unacceptable password with its code, naming the input field `field`. */
export async function assertAcceptablePassword(password: string, username: string | undefined, field: string): Promise<void> {
  const problem = await passwordProblem(password, username);
  if (!problem) return;
  throw new AppError('validation', messages[problem.code], {
    code: problem.code,
    params: problem.params,
    fields: [{ path: field, message: messages[problem.code] }],
  });
}

/** The English sentence for a problem, for refusals outside the console (the environment, logs). */
export const passwordProblemMessage = (problem: PasswordProblem): string => messages[problem.code];
