/**
 * CAP 1.2 in: validates a document against the OASIS CAP 1.2 schema and reads it as an inbound
 * alarm. A document that is not well-formed or not valid is refused with a `validation` error that
 * names what is wrong (line and element), and nothing is changed.
 */
import { AppError } from '../../errors';
import type { InboundAlarm } from '../triggers/inbound-alarm';

export async function readCapAlert(_xml: string): Promise<InboundAlarm> {
  throw new AppError('unavailable', 'CAP input is not built yet', { code: 'integrations.not_built' });
}
