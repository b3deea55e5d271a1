/**
 * What operators do with proposals (Föreslagna larm): read them, dismiss one, and answer a
 * source's Cancel of a launched one (stop its alert, or let it run). Launching is alerts.launch
 * with the proposal's id (alerts/launch.ts marks it launched in the launch's own unit).
 */
import type { Proposal, Template, TriggerSource } from '../../contract';
import { recordAudit, type Actor } from '../../audit/audit-log';
import type { Store } from '../../db/store';
import { iso } from '../../db/tx';
import { AppError, notFound } from '../../errors';
import type { EventBus } from '../../events/event-bus';
import type { AlertsService } from '../../alerts/alerts-service';
import { toProposal } from './proposal-dto';
import { getProposal, listProposals, moveState, setCancelRequested, type ProposalState } from './proposals-store';
import { deleteSource, listSources, recordHeartbeat, type SourceRow } from './sources-store';

/** A source is silent once it has missed two promised heartbeats, and this much more (clocks, networks). */
export const SILENCE_GRACE_MS = 10_000;

export const isSilent = (s: SourceRow, now: number) => now > s.lastSeenAt + 2 * s.everySeconds * 1000 + SILENCE_GRACE_MS;

export class ProposalsService {
  constructor(
    private readonly d: {
      store: Store;
      bus: EventBus;
      alerts: () => AlertsService | null;
      /** The templates, for a proposal's drill default (its DTO says whether it is a drill). */
      templates: () => Promise<Template[]>;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return this.d.now?.() ?? Date.now();
  }

  changed(ids: number[]): void {
    this.d.bus.emit('proposals.changed', { ids, created: [] });
  }

  async list(q: { state?: ProposalState; limit: number }): Promise<Proposal[]> {
    const [rows, templates] = await Promise.all([listProposals(this.d.store, q), this.d.templates()]);
    return rows.map((r) => toProposal(r, templateOf(templates, r.templateId)));
  }

  async get(id: number): Promise<Proposal> {
    const row = await getProposal(this.d.store, id);
    if (!row) throw notFound('proposal', id);
    return toProposal(row, templateOf(await this.d.templates(), row.templateId));
  }

  /** The operator sets an open proposal aside (no call-out). */
  async dismiss(id: number, actor: Actor): Promise<Proposal> {
    const at = this.now();
    await this.d.store.unit(async (tx) => {
      const row = await getProposal(tx, id);
      if (!row) throw notFound('proposal', id);
      if (!(await moveState(tx, id, ['open'], 'dismissed', at))) throw notOpen(id, row.state);
      await recordAudit(tx, actor, { action: 'proposals.dismiss', target: { type: 'proposal', id }, details: { sender: row.sender, externalId: row.externalId } });
    });
    this.changed([id]);
    return this.get(id);
  }

  /**
   * The operator's answer to a source's Cancel of a launched proposal: `stop` cancels its alert
   * through the alerts service (audited there, as the operator); either way the request is cleared.
   * An alert that has already ended needs no stopping.
   */
  async resolveCancel(id: number, stop: boolean, actor: Actor): Promise<Proposal> {
    const row = await getProposal(this.d.store, id);
    if (!row) throw notFound('proposal', id);
    if (!row.cancelRequested) {
      throw new AppError('conflict', `Proposal ${id} has no cancel request to answer`, { code: 'proposals.no_cancel_request', params: { id } });
    }
    let stopped = false;
    if (stop && row.alertId !== null) {
      const alerts = this.d.alerts();
      if (!alerts) throw new AppError('unavailable', 'This engine runs no dispatcher (an admin tool)', { code: 'alerts.no_dispatcher' });
      try {
        await alerts.cancel(row.alertId, actor);
        stopped = true;
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'alerts.already_ended')) throw error;
      }
    }
    await this.d.store.unit(async (tx) => {
      await setCancelRequested(tx, id, false, this.now());
      await recordAudit(tx, actor, { action: 'proposals.resolveCancel', target: { type: 'proposal', id }, details: { stop, stopped, alertId: row.alertId } });
    });
    this.changed([id]);
    return this.get(id);
  }

  async heartbeat(source: string, everySeconds: number): Promise<void> {
    await recordHeartbeat(this.d.store, source, everySeconds, this.now());
  }

  /** A source that stopped for good leaves Källor and the health warning; a new heartbeat brings it back. */
  async forgetSource(name: string, actor: Actor): Promise<void> {
    await this.d.store.unit(async (tx) => {
      const row = await deleteSource(tx, name);
      if (!row) throw notFound('source', name);
      await recordAudit(tx, actor, {
        action: 'triggers.forgetSource',
        target: { type: 'trigger_source', id: name },
        details: { lastSeenAt: iso(row.lastSeenAt), everySeconds: row.everySeconds },
      });
    });
  }

  async sources(): Promise<TriggerSource[]> {
    const now = this.now();
    return (await listSources(this.d.store)).map((s) => ({ name: s.name, lastSeenAt: iso(s.lastSeenAt), everySeconds: s.everySeconds, silent: isSilent(s, now) }));
  }
}

const templateOf = (templates: Template[], id: number | null): Template | null => templates.find((t) => t.id === id) ?? null;

function notOpen(id: number, state: string): AppError {
  return new AppError('conflict', `Proposal ${id} is ${state}, not open`, { code: 'proposals.not_open', params: { id, state } });
}

/** For Översikt's health: how many sources send heartbeats, and which have gone quiet. */
export async function sourcesHealth(store: Store, now: number): Promise<{ total: number; silent: string[] }> {
  const sources = await listSources(store);
  return { total: sources.length, silent: sources.filter((s) => isSilent(s, now)).map((s) => s.name) };
}
