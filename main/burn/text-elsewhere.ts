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
import { sql } from 'drizzle-orm';
import type { BurnTextElsewhere } from '../contract';
import type { Db } from '../db/open';

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

interface ScheduleCopy {
  id: number;
  name: string;
  kind: 'once' | 'recurring';
  next_run_at: number | null;
  alert_spec: string;
}

function draftTexts(spec: string): Texts & Record<string, unknown> {
  try {
    const draft = JSON.parse(spec) as Partial<Texts> & Record<string, unknown>;
    return { ...draft, voiceText: String(draft.voiceText ?? ''), smsText: String(draft.smsText ?? '') };
  } catch {
    return { voiceText: '', smsText: '' }; // unreadable: nothing we could compare, or blank
  }
}

/** Where else these texts are, and what a burn does with each copy (see the file comment). */
export function findTextElsewhere(db: Db, texts: Texts, exceptAlertId: number | null = null): BurnTextElsewhere[] {
  const ours = new Set([texts.voiceText, texts.smsText].map(normaliseText).filter((t) => t !== '' && t !== BLANKED_TEXT));
  if (ours.size === 0) return [];
  const found: BurnTextElsewhere[] = [];
  const templates = db.all<{ id: number; name: string; voice_text: string; sms_text: string }>(
    sql`SELECT id, name, voice_text, sms_text FROM templates ORDER BY name COLLATE NOCASE, id`,
  );
  for (const t of templates) {
    if (sharesText(ours, { voiceText: t.voice_text, smsText: t.sms_text })) found.push({ kind: 'template', id: t.id, name: t.name, action: 'kept' });
  }
  const schedules = db.all<ScheduleCopy>(sql`SELECT id, name, kind, next_run_at, alert_spec FROM schedules ORDER BY name COLLATE NOCASE, id`);
  for (const s of schedules) {
    if (!sharesText(ours, draftTexts(s.alert_spec))) continue;
    const spent = s.kind === 'once' && s.next_run_at === null;
    found.push({ kind: 'schedule', id: s.id, name: s.name, action: spent ? 'blanked' : 'kept' });
  }
  const alerts = db.all<{ id: number; title: string; voice_text: string; sms_text: string }>(sql`
    SELECT id, title, voice_text, sms_text FROM alerts
    WHERE (voice_text <> '' OR sms_text <> '') AND id IS NOT ${exceptAlertId} ORDER BY id DESC`);
  for (const a of alerts) {
    if (sharesText(ours, { voiceText: a.voice_text, smsText: a.sms_text })) found.push({ kind: 'alert', id: a.id, name: a.title, action: 'kept' });
  }
  return found;
}

/**
 * What a blanked schedule's text becomes: a mark without language, not '' (a stored draft must
 * still read as a valid draft, and an empty voice text is not one).
 */
export const BLANKED_TEXT = '—';
const blank = (text: string) => (text === '' ? '' : BLANKED_TEXT);

/**
 * Blanks the copies `findTextElsewhere` marked 'blanked' (inside the burn's transaction, so the
 * copies go with the original or not at all) and returns every copy for the audit entry.
 */
export function blankTextElsewhere(db: Db, alertId: number, texts: Texts, at: number): BurnTextElsewhere[] {
  const found = findTextElsewhere(db, texts, alertId);
  for (const copy of found) {
    if (copy.kind !== 'schedule' || copy.action !== 'blanked') continue;
    const row = db.get<{ alert_spec: string }>(sql`SELECT alert_spec FROM schedules WHERE id = ${copy.id}`);
    const draft = draftTexts(row.alert_spec);
    const blanked = { ...draft, voiceText: blank(draft.voiceText), smsText: blank(draft.smsText) };
    db.run(sql`UPDATE schedules SET alert_spec = ${JSON.stringify(blanked)}, updated_at = ${at} WHERE id = ${copy.id}`);
  }
  return found;
}

/** The copies a burned alert's audit entry recorded (empty for burns before GDial looked). */
export function recordedTextElsewhere(db: Db, alertId: number): BurnTextElsewhere[] {
  const row = db.get<{ details: string } | undefined>(sql`
    SELECT details FROM audit_log WHERE action = 'alerts.burn' AND target_type = 'alert' AND target_id = ${String(alertId)}
    ORDER BY id DESC LIMIT 1`);
  if (!row) return [];
  try {
    const details = JSON.parse(row.details) as { textElsewhere?: BurnTextElsewhere[] };
    return Array.isArray(details.textElsewhere) ? details.textElsewhere : [];
  } catch {
    return [];
  }
}
