/**
 * The i18n key of each outgoing webhook event type (the types have dots, which i18next reads as
 * nesting): `t(\`integrations.webhooksOut.eventNames.${eventNameKey(type)}\`)`.
 */
const KEYS = {
  'alert.launched': 'alertLaunched',
  'alert.progress': 'alertProgress',
  'recipient.confirmed': 'recipientConfirmed',
  'recipient.declined': 'recipientDeclined',
  'alert.finished': 'alertFinished',
  'proposal.created': 'proposalCreated',
  test: 'test',
} as const;

export type EventNameKey = (typeof KEYS)[keyof typeof KEYS];

/** The key of a known type, or null (a type this console does not know: shown as it is). */
export function eventNameKey(type: string): EventNameKey | null {
  return type in KEYS ? KEYS[type as keyof typeof KEYS] : null;
}
