/**
 * 'proposals.changed' across a cluster. Each engine publishes its own changes at once; on
 * PostgreSQL several engines share the proposals table, so each also follows the table (every
 * 2 s: the ids whose updated_at is later than the last change seen) and publishes what another
 * workstation changed, so a console on any workstation hears a new inbound alarm within seconds.
 *
 * The look reaches back OVERLAP_MS before the newest change seen: a writer stamps updated_at
 * before its commit, so a slower transaction may become visible after a later stamp was read.
 * Versions already published (id and updated_at) are remembered for that long, so one change is
 * published once by the follower. A change is `created` when the proposal was received within the
 * look; every announcement on this engine, local or followed, names a proposal as created at most
 * once (a console chimes once), while `ids` may repeat (a console just reloads). Workstation
 * clocks are assumed to agree within OVERLAP_MS (NTP), as the cluster's leadership assumes too.
 */
import type { EventPayload } from '../../contract';
import type { Store } from '../../db/store';
import type { EventBus } from '../../events/event-bus';
import type { Logger } from '../../log';
import { latestProposalChange, proposalsChangedSince } from './proposals-store';

export const followTiming = { everyMs: 2_000 };
const OVERLAP_MS = 10_000;
const BATCH = 500;
/** How long a proposal announced as created is remembered (far longer than a look reaches back). */
const CREATED_MEMORY_MS = 10 * 60_000;

type Changed = EventPayload<'proposals.changed'>;

/** Publishes 'proposals.changed' on the engine's bus, naming each proposal as created once. */
export class ProposalAnnouncer {
  private readonly announcedCreated = new Map<number, number>();

  constructor(
    private readonly bus: EventBus,
    private readonly now: () => number = Date.now,
  ) {}

  announce({ ids, created }: Changed): void {
    const now = this.now();
    for (const [id, at] of this.announcedCreated) if (at < now - CREATED_MEMORY_MS) this.announcedCreated.delete(id);
    const fresh = created.filter((id) => !this.announcedCreated.has(id));
    for (const id of fresh) this.announcedCreated.set(id, now);
    if (ids.length > 0 || fresh.length > 0) this.bus.emit('proposals.changed', { ids, created: fresh });
  }
}

/** Follows the shared proposals table (PostgreSQL); `stop` waits for a look under way. */
export function followProposals(deps: { store: Store; log: Logger; announcer: ProposalAnnouncer }): { stop(): Promise<void> } {
  const { store, log, announcer } = deps;
  let cursor: number | null = null;
  /** `${id}@${updatedAt}` of every version seen within the look's reach. */
  const seen = new Map<string, number>();
  let running: Promise<void> | null = null;
  let stopped = false;

  const remember = (rows: Array<{ id: number; updatedAt: number }>) => {
    for (const r of rows) seen.set(`${r.id}@${r.updatedAt}`, r.updatedAt);
  };

  async function look(): Promise<void> {
    if (cursor === null) {
      // Where this engine starts: what came before is no news to its consoles.
      const latest = await latestProposalChange(store);
      remember(await proposalsChangedSince(store, latest - OVERLAP_MS, BATCH));
      cursor = latest;
      return;
    }
    const from = cursor - OVERLAP_MS;
    const rows = await proposalsChangedSince(store, from, BATCH);
    const news = rows.filter((r) => !seen.has(`${r.id}@${r.updatedAt}`));
    remember(news);
    if (rows.length > 0) cursor = Math.max(cursor, rows[rows.length - 1]!.updatedAt);
    for (const [key, at] of seen) if (at <= cursor - OVERLAP_MS) seen.delete(key);
    if (stopped || news.length === 0) return;
    const ids = [...new Set(news.map((r) => r.id))];
    const created = [...new Set(news.filter((r) => r.receivedAt > from).map((r) => r.id))];
    announcer.announce({ ids, created });
  }

  const tick = () => {
    if (running || stopped) return;
    running = look()
      .catch((error: unknown) => log.warn({ err: error }, 'could not follow the proposals of other workstations'))
      .finally(() => (running = null));
  };
  tick();
  const timer = setInterval(tick, followTiming.everyMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
