/**
 * The one place where GDial decides whether a new password is acceptable. Every way a password is
 * set (first run, GDIAL_ADMIN_PASSWORD, create user, an admin's reset, changing one's own) asks
 * here, and so does the console's live hint (`auth.checkPassword`): the console never keeps a copy
 * of these rules. A refusal is a code plus params so the console can say it in Swedish or English.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import { AppError } from '../errors';
import { swedishWords } from './swedish-words';

export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn's 0–4 scale: 3 is "safely unguessable: moderate protection from offline slow-hash attacks". */
export const MIN_PASSWORD_SCORE = 3;

export type PasswordProblem =
  | { code: 'auth.password_too_short'; params: { min: number } }
  | { code: 'auth.password_contains_username'; params: Record<string, never> }
  | { code: 'auth.password_guessable'; params: { score: number; min: number } };

let estimator: ZxcvbnFactory | null = null;
/** Built on first use: loading the dictionaries takes a moment that a start without passwords need not pay. */
function strength(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary, swedish: [...swedishWords] },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
    // The estimate runs on the engine's thread and its cost grows steeply with length and with
    // leet-speak candidates (a second for 256 characters with the defaults). The first 64
    // characters decide (a password weak in its first 64 is refused, which is safe), and at most
    // 20 leet substitutions are tried: that still finds "p4ssw0rd", and keeps the worst case to
    // tens of milliseconds.
    maxLength: 64,
    l33tMaxSubstitutions: 20,
  });
  return estimator;
}

/** What is wrong with `password` as a new password for `username`, or null if nothing. */
export function passwordProblem(password: string, username?: string): PasswordProblem | null {
  const normalised = password.normalize('NFC');
  // Characters as people count them (code points), not UTF-16 units.
  if ([...normalised].length < MIN_PASSWORD_LENGTH) return { code: 'auth.password_too_short', params: { min: MIN_PASSWORD_LENGTH } };
  const name = username?.trim().toLowerCase();
  if (name && normalised.toLowerCase().includes(name)) return { code: 'auth.password_contains_username', params: {} };
  const { score } = strength().check(normalised, name ? ['gdial', name] : ['gdial']);
  if (score < MIN_PASSWORD_SCORE) return { code: 'auth.password_guessable', params: { score, min: MIN_PASSWORD_SCORE } };
  return null;
}

const messages: Record<PasswordProblem['code'], string> = {
  'auth.password_too_short': `The password must have at least ${MIN_PASSWORD_LENGTH} characters`,
  'auth.password_contains_username': 'The password must not contain the username',
  'auth.password_guessable': 'The password is too easy to guess; choose a longer one of unrelated words',
};

/** Refuses an unacceptable password with its code, naming the input field `field`. */
export function assertAcceptablePassword(password: string, username: string | undefined, field: string): void {
  const problem = passwordProblem(password, username);
  if (!problem) return;
  throw new AppError('validation', messages[problem.code], {
    code: problem.code,
    params: problem.params,
    fields: [{ path: field, message: messages[problem.code] }],
  });
}

/** The English sentence for a problem, for refusals outside the console (the environment, logs). */
export const passwordProblemMessage = (problem: PasswordProblem): string => messages[problem.code];
