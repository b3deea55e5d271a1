/**
 * An alert as one user sees it: the alert plus what that user may do with it now. The engine
 * computes the flags from its own rules (role, state, who launched it, burn), so the console
 * shows a button only when the engine would accept the press.
 */
import { z } from 'zod';
import { alertSchema } from './alerts';

export const alertAbilitiesSchema = z.object({
  /** Waiting for the two-person rule and launched by someone else. */
  canApprove: z.boolean(),
  /** Still waiting, queued or running. */
  canCancel: z.boolean(),
  /** Not yet burned, and a burn message or the caller may burn any alert. */
  canBurn: z.boolean(),
  /** Approved and not burned: a fresh round for the unconfirmed or failed. */
  canResend: z.boolean(),
  /** May decide for attempts the carrier could not account for. */
  canResolveInDoubt: z.boolean(),
});
export type AlertAbilities = z.infer<typeof alertAbilitiesSchema>;

export const alertViewSchema = alertSchema.extend({ can: alertAbilitiesSchema });
export type AlertView = z.infer<typeof alertViewSchema>;
