import { MIN_PASSWORD_LENGTH } from '@contract';

/** The contract's password rule, checked before sending so the message can be in the user's language. */
export function newPasswordProblem(password: string, repeat: string): 'short' | 'differs' | null {
  if (password.length < MIN_PASSWORD_LENGTH) return 'short';
  if (password !== repeat) return 'differs';
  return null;
}
