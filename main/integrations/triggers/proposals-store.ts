/**
 * The proposals table: inbound alarms a rule matched, and what became of them. The draft is the
 * alert draft's JSON (null: the operator picks recipients); `document` is the alarm as received.
 * proposal_messages holds every message applied to a proposal (its first, each Update and Cancel):
 * later messages are matched against it, by source, sender and identifier.
 * State changes are conditional updates (`WHERE state = …`) that say whether they applied, so a
 * caller inside a unit can tell "done" from "no longer in that state".
 */
import { sql } from 'drizzle-orm';
import type { Queryable } from '../../db/store';

export type ProposalState = 'open' | 'launched' | 'dismissed' | 'withdrawn';

/** The alarm's own fields, as an Update replaces them. */
export interface AlarmColumns {
  msgType: string;
  status: string;
  event: string;
  headline: string;
  description: string;
  area: string;
  severity: string;
  urgency: string;
  document: string;
}

export interface NewProposal extends AlarmColumns {
  format: 'cap' | 'json';
  sourceKey: string;
  sender: string;
  externalId: string;
  ruleId: number | null;
  ruleName: string | null;
  templateId: number | null;
  draft: string | null;
}

export interface ProposalRow extends NewProposal {
  id: number;
  state: ProposalState;
  alertId: number | null;
  cancelRequested: number | boolean;
  updates: number;
  receivedAt: number;
  updatedAt: number;
}

const COLUMNS = sql.raw(`id, state, format, source_key AS "sourceKey", sender, external_id AS "externalId", msg_type AS "msgType", status,
  event, headline, description, area, severity, urgency, rule_id AS "ruleId", rule_name AS "ruleName", template_id AS "templateId",
  draft, alert_id AS "alertId", cancel_requested AS "cancelRequested", updates, document, received_at AS "receivedAt", updated_at AS "updatedAt"`);

/** A new proposal, born with its first message (an Alert, or an Update of an alarm GDial never received) recorded. */
export async function insertProposal(q: Queryable, p: NewProposal, at: number): Promise<number> {
  return q.unit(async (tx) => {
    const row = await tx.get<{ id: number }>(sql`
      INSERT INTO proposals (state, format, source_key, sender, external_id, msg_type, status, event, headline, description, area, severity,
        urgency, rule_id, rule_name, template_id, draft, alert_id, cancel_requested, updates, document, received_at, updated_at)
      VALUES ('open', ${p.format}, ${p.sourceKey}, ${p.sender}, ${p.externalId}, ${p.msgType}, ${p.status}, ${p.event}, ${p.headline},
        ${p.description}, ${p.area}, ${p.severity}, ${p.urgency}, ${p.ruleId}, ${p.ruleName}, ${p.templateId}, ${p.draft}, NULL, 0, 0,
        ${p.document}, ${at}, ${at})
      RETURNING id`);
    if (!row) throw new Error('insertProposal: no row');
    await recordMessage(tx, row.id, p, at);
    return row.id;
  });
}

/** An alarm message (by sender and identifier) as applied to a proposal. */
export interface ProposalMessage {
  sender: string;
  externalId: string;
  msgType: string;
}

/**
 * Records a message applied to a proposal. The same sender and identifier on the same proposal is
 * kept once (the first): a JSON Update or Cancel carries its alarm's own id, already recorded.
 */
export async function recordMessage(q: Queryable, proposalId: number, m: ProposalMessage, at: number): Promise<void> {
  await q.run(sql`
    INSERT INTO proposal_messages (proposal_id, sender, external_id, msg_type, received_at)
    VALUES (${proposalId}, ${m.sender}, ${m.externalId}, ${m.msgType}, ${at})
    ON CONFLICT (proposal_id, sender, external_id) DO NOTHING`);
}

/** A proposal's recorded messages, oldest first (tests, and whoever needs the chain). */
export function messagesOfProposal(q: Queryable, proposalId: number): Promise<ProposalMessage[]> {
  return q.all<ProposalMessage>(sql`
    SELECT sender, external_id AS "externalId", msg_type AS "msgType" FROM proposal_messages WHERE proposal_id = ${proposalId} ORDER BY id`);
}

export function getProposal(q: Queryable, id: number): Promise<ProposalRow | undefined> {
  return q.get<ProposalRow>(sql`SELECT ${COLUMNS} FROM proposals WHERE id = ${id}`);
}

/** Newest first; one state or all. */
export function listProposals(q: Queryable, opts: { state?: ProposalState; limit: number }): Promise<ProposalRow[]> {
  const where = opts.state ? sql`WHERE state = ${opts.state}` : sql``;
  return q.all<ProposalRow>(sql`SELECT ${COLUMNS} FROM proposals ${where} ORDER BY received_at DESC, id DESC LIMIT ${opts.limit}`);
}

/**
 * The newest of a source's proposals that a message with one of these (sender, identifier) was
 * applied to, received since `since` (0: any time). Only the source's own proposals (source_key):
 * another source's message with the same sender and identifier is not about them.
 */
function proposalOfMessages(q: Queryable, sourceKey: string, refs: ReadonlyArray<{ sender: string; externalId: string }>, since: number): Promise<ProposalRow | undefined> {
  if (refs.length === 0) return Promise.resolve(undefined);
  const any = sql.join(
    refs.map((r) => sql`(m.sender = ${r.sender} AND m.external_id = ${r.externalId})`),
    sql` OR `,
  );
  return q.get<ProposalRow>(sql`
    SELECT ${COLUMNS} FROM proposals WHERE id = (
      SELECT m.proposal_id FROM proposal_messages m JOIN proposals p ON p.id = m.proposal_id
      WHERE p.source_key = ${sourceKey} AND (${any}) AND m.received_at >= ${since}
      ORDER BY m.received_at DESC, m.id DESC LIMIT 1)`);
}

/** The source's proposal a message with this sender and identifier was applied to since `since` (the duplicate window), if any. */
export function proposalOfAlarm(q: Queryable, sourceKey: string, sender: string, externalId: string, since: number): Promise<ProposalRow | undefined> {
  return proposalOfMessages(q, sourceKey, [{ sender, externalId }], since);
}

/** The source's newest proposal any of these earlier messages (an Update's or Cancel's references) was applied to. */
export function proposalByReference(q: Queryable, sourceKey: string, refs: ReadonlyArray<{ sender: string; externalId: string }>): Promise<ProposalRow | undefined> {
  return proposalOfMessages(q, sourceKey, refs, 0);
}

/** An Update of an open proposal: the alarm's fields and the draft replaced, one more update counted. */
export async function replaceAlarm(q: Queryable, id: number, a: AlarmColumns, draft: string | null, at: number): Promise<boolean> {
  const { changes } = await q.run(sql`
    UPDATE proposals SET msg_type = ${a.msgType}, status = ${a.status}, event = ${a.event}, headline = ${a.headline},
      description = ${a.description}, area = ${a.area}, severity = ${a.severity}, urgency = ${a.urgency}, document = ${a.document},
      draft = ${draft}, updates = updates + 1, updated_at = ${at}
    WHERE id = ${id} AND state = 'open'`);
  return changes === 1;
}

/** An Update of a proposal that is no longer open: only counted. */
export async function countUpdate(q: Queryable, id: number, at: number): Promise<void> {
  await q.run(sql`UPDATE proposals SET updates = updates + 1, updated_at = ${at} WHERE id = ${id}`);
}

/** Moves a proposal from one of `from` to `to`; false when it was in none of them. */
export async function moveState(q: Queryable, id: number, from: readonly ProposalState[], to: ProposalState, at: number): Promise<boolean> {
  const states = sql.join(
    from.map((s) => sql`${s}`),
    sql`, `,
  );
  const { changes } = await q.run(sql`UPDATE proposals SET state = ${to}, updated_at = ${at} WHERE id = ${id} AND state IN (${states})`);
  return changes === 1;
}

/** The source asked to stop the alert a launched proposal started (or the operator answered: cleared). */
export async function setCancelRequested(q: Queryable, id: number, requested: boolean, at: number): Promise<void> {
  await q.run(sql`UPDATE proposals SET cancel_requested = ${requested ? 1 : 0}, updated_at = ${at} WHERE id = ${id}`);
}

/** Marks an open proposal launched with its alert; false when it was not open (or does not exist). */
export async function markLaunched(q: Queryable, id: number, alertId: number, at: number): Promise<boolean> {
  const { changes } = await q.run(sql`
    UPDATE proposals SET state = 'launched', alert_id = ${alertId}, updated_at = ${at} WHERE id = ${id} AND state = 'open'`);
  return changes === 1;
}

/**
 * A burned alert's proposals keep no words: headline, description, area, the document as received
 * and the draft (whose texts are the message) are blanked; the event, severity and urgency stay as
 * the alert's title does (burn/burner.ts). Returns the proposals it blanked.
 */
export async function blankProposalsOfAlert(q: Queryable, alertId: number, at: number): Promise<number[]> {
  const rows = await q.all<{ id: number }>(sql`
    UPDATE proposals SET headline = '', description = '', area = '', document = '', draft = NULL, updated_at = ${at}
    WHERE alert_id = ${alertId}
    RETURNING id`);
  return rows.map((r) => r.id);
}

/** The proposals an alert answered (a burned alert's, to tell consoles their words are gone). */
export async function proposalIdsOfAlert(q: Queryable, alertId: number): Promise<number[]> {
  return (await q.all<{ id: number }>(sql`SELECT id FROM proposals WHERE alert_id = ${alertId} ORDER BY id`)).map((r) => r.id);
}

/** For tests and the burn's check: whether any of a burned alert's proposals still holds text. */
export function proposalTextsOfAlert(q: Queryable, alertId: number): Promise<Array<{ headline: string; description: string; area: string; document: string; draft: string | null }>> {
  return q.all(sql`SELECT headline, description, area, document, draft FROM proposals WHERE alert_id = ${alertId}`);
}

/** A proposal's version as the engines following each other's changes see it (proposals-follower.ts). */
export interface ProposalVersion {
  id: number;
  receivedAt: number;
  updatedAt: number;
}

/** The newest change to any proposal (epoch ms), or 0 when there is none: where a follower starts. */
export async function latestProposalChange(q: Queryable): Promise<number> {
  const row = await q.get<{ at: number | string | null }>(sql`SELECT MAX(updated_at) AS "at" FROM proposals`);
  return row?.at == null ? 0 : Number(row.at);
}

/** Proposals changed after `since`, oldest change first, at most `limit`. */
export async function proposalsChangedSince(q: Queryable, since: number, limit: number): Promise<ProposalVersion[]> {
  const rows = await q.all<{ id: number; receivedAt: number | string; updatedAt: number | string }>(sql`
    SELECT id, received_at AS "receivedAt", updated_at AS "updatedAt" FROM proposals
    WHERE updated_at > ${since} ORDER BY updated_at, id LIMIT ${limit}`);
  return rows.map((r) => ({ id: Number(r.id), receivedAt: Number(r.receivedAt), updatedAt: Number(r.updatedAt) }));
}
