/**
 * "The text is gone from GDial" must be true. A burn message is written for itself (it may not
 * come from a template, and no schedule may carry one), but the same words can still have been
 * typed or pasted into a template or a schedule. Those copies are found by comparing texts after
 * normalising whitespace (voice or SMS text, either way round), and for each one GDial either
 * blanks it or says where it still is:
 *
 * - a one-off schedule that has already run (it will never launch again): blanked. Its draft is
 *   only a leftover copy; nothing will use the words, so nothing is lost by erasing them.
 * - a one-off schedule still to run, or a recurring schedule: kept and named. It will launch
 *   again with that text; blanking it silently would make that launch fail or say nothing.
 * - a template: kept and named. It is the operator's reusable text, and changing it behind their
 *   back would change what the next alert from it says.
 * - another alert (not yet burned) that said the same: kept and named. It is the record of what
 *   its people were told; an admin may burn it by hand ("Förstör nu") once told where it is.
 *
 * The pre-flight names the kept copies before launch, the burn records all of them in its audit
 * entry, and the alert's burn notice names them afterwards.
 */
import type { BurnTextElsewhere } from '../contract';
import type { Queryable } from '../db/store';
import { burnAuditDetails, scheduleSpec, setScheduleSpec, textCopies, type TextCopies } from './burn-store';

/** Whitespace runs of any kind count as one space; leading and trailing whitespace do not count. */
export function normaliseText(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

interface Texts {
  voiceText: string;
  smsText: string;
}

function sharesText(ours: Set<string>, theirs: Texts): boolean {
  return [theirs.voiceText, theirs.smsText].some((t) => ours.has(normaliseText(t)));
}

function draftTexts(spec: string): Texts & Record<string, unknown> {
  try {
    const draft = JSON.parse(spec) as Partial<Texts> & Record<string, unknown>;
    return { ...draft, voiceText: String(draft.voiceText ?? ''), smsText: String(draft.smsText ?? '') };
  } catch {
    return { voiceText: '', smsText: '' }; // unreadable: nothing we could compare, or blank
  }
}

/** The words to look for: empty when there are none (and a blanked mark is no words). */
function ourTexts(texts: Texts): Set<string> {
  return new Set([texts.voiceText, texts.smsText].map(normaliseText).filter((t) => t !== '' && t !== BLANKED_TEXT));
}

/** Which copies share the words, and what a burn does with each (see the file comment). */
function copiesOf(ours: Set<string>, copies: TextCopies): BurnTextElsewhere[] {
  const found: BurnTextElsewhere[] = [];
  for (const t of copies.templates) {
    if (sharesText(ours, t)) found.push({ kind: 'template', id: t.id, name: t.name, action: 'kept' });
  }
  for (const s of copies.schedules) {
    if (!sharesText(ours, draftTexts(s.alertSpec))) continue;
    const spent = s.kind === 'once' && s.nextRunAt === null;
    found.push({ kind: 'schedule', id: s.id, name: s.name, action: spent ? 'blanked' : 'kept' });
  }
  for (const a of copies.alerts) {
    if (sharesText(ours, a)) found.push({ kind: 'alert', id: a.id, name: a.title, action: 'kept' });
  }
  return found;
}

/** Where else these texts are, and what a burn does with each copy (see the file comment). */
export async function textElsewhere(q: Queryable, texts: Texts, exceptAlertId: number | null = null): Promise<BurnTextElsewhere[]> {
  const ours = ourTexts(texts);
  if (ours.size === 0) return [];
  return copiesOf(ours, await textCopies(q, exceptAlertId));
}

/**
 * What a blanked schedule's text becomes: a mark without language, not '' (a stored draft must
 * still read as a valid draft, and an empty voice text is not one).
 */
export const BLANKED_TEXT = '—';
const blank = (text: string) => (text === '' ? '' : BLANKED_TEXT);

/**
 * Blanks the copies `textElsewhere` marked 'blanked' (inside the burn's unit of work, so the
 * copies go with the original or not at all) and returns every copy for the audit entry.
 */
export async function blankTextElsewhere(tx: Queryable, alertId: number, texts: Texts, at: number): Promise<BurnTextElsewhere[]> {
  const found = await textElsewhere(tx, texts, alertId);
  for (const copy of found) {
    if (copy.kind !== 'schedule' || copy.action !== 'blanked') continue;
    const draft = draftTexts((await scheduleSpec(tx, copy.id)) ?? '');
    const blanked = { ...draft, voiceText: blank(draft.voiceText), smsText: blank(draft.smsText) };
    await setScheduleSpec(tx, copy.id, JSON.stringify(blanked), at);
  }
  return found;
}

/** The copies a burned alert's audit entry recorded (empty for burns before GDial looked). */
export async function recordedTextElsewhere(q: Queryable, alertId: number): Promise<BurnTextElsewhere[]> {
  const details = await burnAuditDetails(q, alertId);
  if (details === null) return [];
  try {
    const parsed = JSON.parse(details) as { textElsewhere?: BurnTextElsewhere[] };
    return Array.isArray(parsed.textElsewhere) ? parsed.textElsewhere : [];
  } catch {
    return [];
  }
}
