/**
 * Inbound alarms (CAP 1.2, JSON), trigger rules, proposals and heartbeats: the handlers, wired
 * onto the trigger, rules and proposals services. The source of an alarm or a heartbeat is the
 * API key's name (the actor 'api:<name>'), or the user's name when a console user calls.
 */
import { jsonAlarmSchema, type EventPayload, type JsonAlarm } from '../../contract';
import { EventBus } from '../../events/event-bus';
import type { HandlerContext } from '../../rpc/router';
import { readCapAlert } from '../cap/cap-in';
import type { IntegrationDeps, IntegrationHandlers } from '../start-integrations';
import type { InboundAlarm } from './inbound-alarm';
import { followProposals, ProposalAnnouncer } from './proposals-follower';
import { ProposalsService } from './proposals-service';
import { proposalIdsOfAlert } from './proposals-store';
import { RulesService } from './rules-service';
import { TriggerService } from './trigger-service';

type TriggerMethod = Extract<keyof IntegrationHandlers, `triggers.${string}` | `proposals.${string}`>;

const API_ACTOR = 'api:';

/** Who sent it: the API key's name, or the console user's. */
export function sourceOf(ctx: Pick<HandlerContext, 'actor'>): string {
  const name = ctx.actor().name;
  return name.startsWith(API_ACTOR) ? name.slice(API_ACTOR.length) : name;
}

/** A JSON alarm as the trigger rules see alarms. Its Update and Cancel refer to its own id. */
export function jsonInbound(input: JsonAlarm): InboundAlarm {
  return {
    format: 'json',
    externalId: input.id,
    sender: input.sender,
    msgType: input.msgType,
    status: input.status,
    references: input.msgType === 'Alert' ? [] : [{ sender: input.sender, externalId: input.id }],
    event: input.event,
    headline: input.headline,
    description: input.description,
    area: input.area,
    severity: input.severity,
    urgency: input.urgency,
    // Kept as it was parsed (defaults filled in), so the stored document is the alarm GDial read.
    document: JSON.stringify(jsonAlarmSchema.parse(input)),
  };
}

/**
 * A burn blanks its alert's proposals inside the burn (burn/burner.ts); consoles showing them hear
 * it from the alert's progress, which carries burnedAt: each burned alert once per engine run.
 */
function announceBurnedProposals(deps: IntegrationDeps, changed: (ids: number[]) => void): () => void {
  const announced = new Set<number>();
  return deps.bus.on((name, payload) => {
    if (name !== 'alert.progress') return;
    for (const alert of (payload as EventPayload<'alert.progress'>).alerts) {
      if (!alert.burnedAt || announced.has(alert.id)) continue;
      announced.add(alert.id);
      proposalIdsOfAlert(deps.store, alert.id).then(
        (ids) => ids.length > 0 && changed(ids),
        (error: unknown) => deps.log.warn({ err: error, alert: alert.id }, 'could not tell consoles of a burned alert’s proposals'),
      );
    }
  });
}

export function startTriggers(deps: IntegrationDeps): { handlers: Pick<IntegrationHandlers, TriggerMethod>; stop(): Promise<void> } {
  const alerts = () => deps.dispatch?.alerts ?? null;
  // The services publish on a bus of their own: 'proposals.changed' reaches consoles through the
  // announcer (a proposal is announced as created once, whether this engine or the follower saw it first).
  const announcer = new ProposalAnnouncer(deps.bus);
  const bus = new EventBus();
  bus.on((name, payload, audience) => {
    if (name === 'proposals.changed') announcer.announce(payload as EventPayload<'proposals.changed'>);
    else deps.bus.emit(name, payload, audience);
  });
  // Other workstations on the same PostgreSQL change proposals too; SQLite has one engine.
  const follower = deps.store.dialect === 'postgres' ? followProposals({ store: deps.store, log: deps.log, announcer }) : null;
  const rules = new RulesService(deps.store, deps.templates);
  const proposals = new ProposalsService({ store: deps.store, bus, alerts, templates: () => deps.templates.list() });
  const triggers = new TriggerService({ store: deps.store, bus, log: deps.log, templates: () => deps.templates.list(), rules: () => rules.list(), alerts });
  // An operator's launch of a proposal (alerts.launch with its id): every console hears it.
  const offLaunched = deps.dispatch?.alerts.onProposalLaunched((proposalId) => proposals.changed([proposalId]));
  const offBurns = announceBurnedProposals(deps, (ids) => proposals.changed(ids));

  return {
    handlers: {
      'triggers.json': (input, ctx) => triggers.receive(jsonInbound(input), sourceOf(ctx), ctx.actor()),
      'triggers.cap': async (input, ctx) => triggers.receive(await readCapAlert(input.xml), sourceOf(ctx), ctx.actor()),
      'triggers.heartbeat': async (input, ctx) => {
        await proposals.heartbeat(sourceOf(ctx), input.everySeconds);
        return { outcome: 'heartbeat', proposalId: null, alertId: null };
      },
      'triggers.sources': () => proposals.sources(),
      'triggers.forgetSource': async (input, ctx) => {
        await proposals.forgetSource(input.name, ctx.actor());
        return { ok: true };
      },
      'triggers.rules': () => rules.list(),
      'triggers.createRule': (input, ctx) => rules.create(input, ctx.actor()),
      'triggers.updateRule': (input, ctx) => rules.update(input, ctx.actor()),
      'triggers.deleteRule': async (input, ctx) => {
        await rules.delete(input.id, ctx.actor());
        return { ok: true };
      },
      'proposals.list': (input) => proposals.list(input),
      'proposals.get': (input) => proposals.get(input.id),
      'proposals.dismiss': (input, ctx) => proposals.dismiss(input.id, ctx.actor()),
      'proposals.resolveCancel': (input, ctx) => proposals.resolveCancel(input.id, input.stop, ctx.actor()),
    },
    stop: async () => {
      offLaunched?.();
      offBurns();
      await follower?.stop();
    },
  };
}
