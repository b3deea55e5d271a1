/**
 * The engine's codes in the console's language: attempt reasons (carrier codes included),
 * AnsweredBy, import reasons and audit events. The words are the one vocabulary (@contract),
 * loaded as i18next resources under `vocabulary.*`; the English `message` the engine sends
 * beside each code is never shown, so the console speaks one language only.
 */
import type { TFunction } from 'i18next';
import { auditActionKey, type Reason } from '@contract';

type Coded = Pick<Reason, 'code' | 'params'>;

/** One word from a vocabulary table, by its key as the engine sends it (read as data, not as an i18next path). */
function lookup(t: TFunction, table: string, key: string, params: Record<string, unknown> = {}): string | null {
  const all = t('vocabulary', { returnObjects: true }) as unknown as Record<string, Record<string, unknown> | undefined>;
  const text = all[table]?.[key];
  if (typeof text !== 'string') return null;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * Why an attempt failed, was cancelled or is in doubt: "Telefonen är avstängd eller utom
 * täckning (kod 30003)". A code this console does not know yet still reads, as "unknown
 * reason" with the carrier's code; empty for no reason.
 */
export function attemptReasonText(t: TFunction, reason: Coded | null | undefined): string {
  if (!reason) return '';
  const carrierCode = reason.code.startsWith('carrier_') ? reason.code.slice('carrier_'.length) : null;
  const said =
    (carrierCode !== null ? lookup(t, 'carrierCodes', carrierCode, reason.params) : null) ??
    lookup(t, 'attemptReasons', reason.code, reason.params) ??
    lookup(t, 'attemptReasons', carrierCode !== null ? 'carrier_unknown' : 'unknown')!;
  const code = reason.params.carrierCode;
  return code === undefined ? said : t('vocabulary.withCarrierCode', { reason: said, carrierCode: code });
}

/** Twilio's AnsweredBy in words ("Telefonsvarare (efter tonen)"); an unknown value as given. */
export function answeredByText(t: TFunction, answeredBy: string | null | undefined): string {
  if (!answeredBy) return '';
  return lookup(t, 'answeredBy', answeredBy) ?? answeredBy;
}

/** An import row's reasons in words, joined as the engine's English line is. */
export function importReasonsText(t: TFunction, reasons: readonly Coded[]): string {
  return reasons
    .map((r) => {
      const params: Record<string, unknown> = { ...r.params };
      if (typeof params.problem === 'string') params.problem = lookup(t, 'phoneProblems', params.problem) ?? params.problem;
      if (typeof params.field === 'string') params.field = lookup(t, 'contactFields', params.field) ?? params.field;
      return lookup(t, 'importReasons', r.code, params) ?? r.code;
    })
    .join('; ');
}

/** An audit event in words ("Larm startat"); an event this console does not know, as its code. */
export function auditActionText(t: TFunction, action: string): string {
  return lookup(t, 'auditActions', auditActionKey(action)) ?? action;
}
