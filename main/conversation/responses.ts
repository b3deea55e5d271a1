/** Replies as received, newest first; the unmatched ones are what operators must read by hand. */
import type { ParsedInput, ResponseRow } from '../contract';
import type { Queryable } from '../db/store';
import { iso } from '../db/tx';
import { responsesPage } from './conversation-store';

export async function listResponses(q: Queryable, input: ParsedInput<'responses.list'>): Promise<ResponseRow[]> {
  const rows = await responsesPage(q, input);
  return rows.map(({ receivedAt, ...r }) => ({ ...r, receivedAt: iso(receivedAt) }));
}
