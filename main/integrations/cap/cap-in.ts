/**
 * CAP 1.2 in: validates a document against the OASIS CAP 1.2 schema and reads it as an inbound
 * alarm. A document that is not well-formed or not valid is refused with a `validation` error that
 * names what is wrong (line and element), and nothing is changed.
 *
 * Read with fast-xml-parser only after xmllint validated it (so every required element is there
 * and every enumerated value is CAP's). Of the `<info>` blocks, the Swedish one is used, else the
 * English one, else the first: rules match one language's words.
 */
import { XMLParser } from 'fast-xml-parser';
import { stripBidiControls } from '../../contract';
import { AppError } from '../../errors';
import type { InboundAlarm } from '../triggers/inbound-alarm';
import { validateCap } from './cap-schema';

/** Bounds on what an alarm carries into a proposal (the JSON alarm's own limits). */
export const CAP_TEXT_LIMITS = { event: 200, headline: 400, description: 4000, area: 400 } as const;
/** Identifiers and senders match later Updates and Cancels: longer ones are refused, never cut. */
const MAX_ID = 200;

type Text = string | undefined;
interface CapArea {
  areaDesc?: Text;
}
interface CapInfo {
  language?: Text;
  event?: Text;
  urgency?: Text;
  severity?: Text;
  headline?: Text;
  description?: Text;
  area?: CapArea[];
}
interface CapAlertDoc {
  identifier?: Text;
  sender?: Text;
  status?: Text;
  msgType?: Text;
  references?: Text;
  info?: CapInfo[];
}

const parser = new XMLParser({
  ignoreAttributes: true,
  // The schema fixed the namespace; prefixes (cap:alert) do not matter after that.
  removeNSPrefix: true,
  // Every value stays text: an identifier "0012" is not the number 12.
  parseTagValue: false,
  trimValues: false,
  // Predefined and numeric character references (DOCTYPE entities were refused before).
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => name === 'info' || name === 'area',
});

const clean = (value: Text) => stripBidiControls(typeof value === 'string' ? value : '').trim();
const bounded = (value: string, max: number) => (value.length > max ? `${value.slice(0, max - 1)}…` : value);

function refuse(path: string, message: string, code = 'cap.invalid'): never {
  throw new AppError('validation', `The CAP alert cannot be taken: ${path} ${message}`, { code, fields: [{ path, message }] });
}

/** The info block rules read: Swedish first, then English, then the first there is. */
export function pickInfo<T extends { language?: Text }>(infos: readonly T[]): T | undefined {
  const lang = (info: T) => clean(info.language).toLowerCase() || 'en-us'; // CAP's default language
  return infos.find((i) => /^sv(-|$)/.test(lang(i))) ?? infos.find((i) => /^en(-|$)/.test(lang(i))) ?? infos[0];
}

/**
 * CAP `references`: whitespace-separated "sender,identifier,sent" triples, read as (sender,
 * identifier) pairs: a message is known by both (CAP identifiers are unique per sender only). A
 * token without a sender (not CAP, but seen) is taken as the referring message's own sender's.
 */
export function referencedMessages(references: string, ownSender: string): Array<{ sender: string; externalId: string }> {
  return references
    .split(/\s+/)
    .filter(Boolean)
    .map((token) => {
      const parts = token.split(',').map((p) => p.trim());
      return parts.length >= 2 ? { sender: parts[0]!, externalId: parts[1]! } : { sender: ownSender, externalId: parts[0]! };
    })
    .filter((r) => r.sender !== '' && r.externalId !== '');
}

export async function readCapAlert(xml: string): Promise<InboundAlarm> {
  await validateCap(xml);
  const doc = parser.parse(xml) as { alert?: CapAlertDoc };
  const alert = doc.alert;
  if (!alert) refuse('alert', 'is missing');

  const externalId = clean(alert.identifier);
  const sender = clean(alert.sender);
  if (!externalId) refuse('identifier', 'is empty');
  if (!sender) refuse('sender', 'is empty');
  if (externalId.length > MAX_ID) refuse('identifier', `is longer than ${MAX_ID} characters`);
  if (sender.length > MAX_ID) refuse('sender', `is longer than ${MAX_ID} characters`);

  const msgType = clean(alert.msgType);
  if (msgType !== 'Alert' && msgType !== 'Update' && msgType !== 'Cancel') {
    // Ack and Error answer a message; they are not alarms.
    refuse('msgType', `${msgType} is not an alarm (GDial takes Alert, Update and Cancel)`, 'cap.unsupported_msg_type');
  }

  const info = pickInfo(alert.info ?? []);
  const areas = (info?.area ?? []).map((a) => clean(a.areaDesc)).filter(Boolean);
  return {
    format: 'cap',
    externalId,
    sender,
    msgType,
    status: clean(alert.status) as InboundAlarm['status'],
    references: referencedMessages(clean(alert.references), sender),
    event: bounded(clean(info?.event), CAP_TEXT_LIMITS.event),
    headline: bounded(clean(info?.headline), CAP_TEXT_LIMITS.headline),
    description: bounded(clean(info?.description), CAP_TEXT_LIMITS.description),
    area: bounded(areas.join('; '), CAP_TEXT_LIMITS.area),
    severity: (clean(info?.severity) || 'Unknown') as InboundAlarm['severity'],
    urgency: (clean(info?.urgency) || 'Unknown') as InboundAlarm['urgency'],
    document: xml,
  };
}
