/** A proposals row as the contract shows it. */
import { alertDraftSchema, capMsgTypeSchema, capSeveritySchema, capStatusSchema, capUrgencySchema, type AlertDraft, type Proposal, type Template } from '../../contract';
import { iso } from '../../db/tx';
import { proposalDrill } from './proposal-draft';
import type { ProposalRow } from './proposals-store';

/** The stored draft, checked on read: one this version cannot launch is no draft (the operator picks). */
export function draftOf(json: string | null): AlertDraft | null {
  if (json === null) return null;
  try {
    const parsed = alertDraftSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** `template`: the proposal's template (null when it has none or it was deleted), for its drill default. */
export function toProposal(r: ProposalRow, template: Template | null): Proposal {
  const status = capStatusSchema.catch('Actual').parse(r.status);
  const draft = draftOf(r.draft);
  return {
    id: r.id,
    state: r.state,
    format: r.format,
    sourceKey: r.sourceKey,
    sender: r.sender,
    externalId: r.externalId,
    msgType: capMsgTypeSchema.catch('Alert').parse(r.msgType),
    status,
    event: r.event,
    headline: r.headline,
    description: r.description,
    area: r.area,
    severity: capSeveritySchema.catch('Unknown').parse(r.severity),
    urgency: capUrgencySchema.catch('Unknown').parse(r.urgency),
    ruleId: r.ruleId,
    ruleName: r.ruleName,
    templateId: r.templateId,
    draft,
    drill: proposalDrill(status, draft, template),
    alertId: r.alertId,
    cancelRequested: Boolean(r.cancelRequested),
    updates: r.updates,
    receivedAt: iso(r.receivedAt),
    updatedAt: iso(r.updatedAt),
  };
}
