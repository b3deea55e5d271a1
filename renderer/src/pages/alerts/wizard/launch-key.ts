/**
 * The idempotency key of one launch: made once when the wizard opens, so a double click, a
 * retry after a lost answer or a second countdown from the same wizard is the same alert.
 */
export function newLaunchKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; getRandomValues does not.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
