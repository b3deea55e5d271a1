/**
 * A launch that answers a proposal (alerts.launch with `proposalId`) marks it launched with the
 * alert inside the launch's own unit: both are written, or neither. A proposal that is not open
 * (launched already, dismissed, withdrawn) refuses the launch, which then writes nothing. A retry
 * with the same launch key never gets here (the launch finds its alert first), so it stays the
 * same alert.
 */
import type { Queryable } from '../../db/store';
import { AppError, notFound } from '../../errors';
import { getProposal, markLaunched } from './proposals-store';

export async function launchProposalIn(tx: Queryable, proposalId: number, alertId: number, at: number): Promise<void> {
  if (await markLaunched(tx, proposalId, alertId, at)) return;
  const row = await getProposal(tx, proposalId);
  if (!row) throw notFound('proposal', proposalId);
  throw new AppError('conflict', `Proposal ${proposalId} is ${row.state}, not open: it cannot be launched`, {
    code: 'proposals.not_open',
    params: { id: proposalId, state: row.state },
  });
}
