/**
 * The alert draft kept between pages and across a reload, one per user, until it is launched or
 * discarded.
 *
 * Why localStorage and not the engine: a draft is half-typed work at one workstation, not a
 * decision; the engine stores nothing an operator has not sent (burn messages promise that the
 * text is gone from GDial after the alert, and a server-side draft would be one more copy to
 * erase). localStorage survives a reload, a crash of the window and a restart of the desktop app,
 * which sessionStorage does not. It is keyed by user id so a colleague signing in at the same
 * workstation neither sees nor launches someone else's draft; a sign-out keeps it for its owner.
 */
import { z } from 'zod';
import { burnPolicySchema, channelSchema, escalationPolicySchema, languageSchema } from '@contract';
import type { WizardDraft } from './wizard-draft';

export type WizardStep = 0 | 1 | 2 | 3;

export interface SavedDraft {
  draft: WizardDraft;
  /** The launch key travels with the draft: a retry after a reload is still the same alert. */
  launchKey: string;
  step: WizardStep;
  savedAt: string;
  /** The proposed call-out (inbound alarm) this draft answers: the launch marks it launched. */
  proposalId?: number;
}

const id = z.number().int().positive();
// Checked on read: a draft an older console wrote, or one edited by hand, is dropped, never launched half-read.
const savedSchema = z.object({
  draft: z.object({
    templateId: id.nullable(),
    title: z.string(),
    voiceText: z.string(),
    smsText: z.string(),
    language: languageSchema,
    groupIds: z.array(id),
    contacts: z.array(z.object({ id, name: z.string(), detail: z.string() })),
    channels: z.array(channelSchema).min(1),
    policy: escalationPolicySchema,
    drill: z.boolean(),
    burn: burnPolicySchema.nullable(),
  }),
  launchKey: z.string().min(8),
  step: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
  savedAt: z.string(),
  proposalId: id.optional(),
});

const keyOf = (userId: number) => `gdial.alertDraft.${userId}`;

export function loadDraft(userId: number): SavedDraft | null {
  try {
    const raw = window.localStorage.getItem(keyOf(userId));
    if (!raw) return null;
    const parsed = savedSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // storage turned off or unreadable: the wizard simply starts empty
  }
}

export function saveDraft(userId: number, saved: Omit<SavedDraft, 'savedAt'>): void {
  try {
    window.localStorage.setItem(keyOf(userId), JSON.stringify({ ...saved, savedAt: new Date().toISOString() }));
  } catch {
    // Full or turned off: the draft then lives as long as the page, as it did before.
  }
}

/**
 * Removes the saved draft; with `launchKey`, only if it is still that draft (a countdown that ends
 * after the operator started another draft must not throw the new one away).
 */
export function clearDraft(userId: number, launchKey?: string): void {
  if (launchKey !== undefined && loadDraft(userId)?.launchKey !== launchKey) return;
  try {
    window.localStorage.removeItem(keyOf(userId));
  } catch {
    // Nothing stored, nothing to remove.
  }
}
