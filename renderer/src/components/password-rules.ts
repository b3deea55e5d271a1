/**
 * What the console checks itself before sending a new password: only that both fields match.
 * Every rule about the password itself (length, username, guessability) is the engine's; the
 * console asks it (`auth.checkPassword`) and shows the engine's refusal in the user's language.
 */
export function newPasswordProblem(password: string, repeat: string): 'missing' | 'differs' | null {
  if (!password) return 'missing';
  if (password !== repeat) return 'differs';
  return null;
}

/** The engine's refusal codes for a new password, as i18n keys under errors.codes. */
export const passwordCodes = ['auth.password_too_short', 'auth.password_contains_username', 'auth.password_guessable'] as const;
export type PasswordCode = (typeof passwordCodes)[number];
export const isPasswordCode = (code: string | undefined): code is PasswordCode => passwordCodes.includes(code as PasswordCode);
