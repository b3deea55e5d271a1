/** Twilio's refusal codes, as a reason an operator can act on (Swedish first). */
const REASONS: Record<string, string> = {
  '21211': 'ogiltigt nummer enligt operatören',
  '21214': 'numret kan inte nås',
  '21217': 'numret är inte ett giltigt telefonnummer',
  '21610': 'mottagaren har avregistrerat sig från SMS (STOP)',
  '21612': 'operatören kan inte nå numret',
  '21614': 'numret är inte en mobil och kan inte ta emot SMS',
  '21408': 'kontot saknar behörighet att ringa till landet',
  '13224': 'ogiltigt nummer för samtal',
};

export function carrierReason(code: string, fallback: string): string {
  return REASONS[code] ?? `operatören avvisade (${code}): ${fallback}`;
}
