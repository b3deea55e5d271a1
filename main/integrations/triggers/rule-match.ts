/**
 * Which trigger rule an inbound alarm meets: the engine's one rule for it. Enabled rules are tried
 * in position order (then the older first) and the first that matches decides. Every field a rule
 * leaves empty matches anything. Sender and event must be equal, area contain the rule's words,
 * free text be found in the headline, description or event; all of these ignore case and
 * diacritics (in JavaScript, not SQL: SQLite's lower() leaves Å Ä Ö alone). Severity and urgency
 * must be one of those the rule lists.
 */
import type { TriggerRule } from '../../contract';
import { searchFold } from '../../contacts/search-fold';
import type { InboundAlarm } from './inbound-alarm';

const same = (want: string, got: string) => !want.trim() || searchFold(want) === searchFold(got);
const contains = (want: string, ...texts: string[]) => !want.trim() || texts.some((t) => searchFold(t).includes(searchFold(want)));
const oneOf = <T>(allowed: readonly T[], value: T) => allowed.length === 0 || allowed.includes(value);

export function ruleMatches(rule: TriggerRule, alarm: InboundAlarm): boolean {
  return (
    rule.enabled &&
    same(rule.sender, alarm.sender) &&
    same(rule.event, alarm.event) &&
    contains(rule.area, alarm.area) &&
    oneOf(rule.severities, alarm.severity) &&
    oneOf(rule.urgencies, alarm.urgency) &&
    contains(rule.textMatch, alarm.headline, alarm.description, alarm.event)
  );
}

/** The rule that decides, or null when none matches. `rules` in any order: sorted here. */
export function firstMatchingRule(rules: readonly TriggerRule[], alarm: InboundAlarm): TriggerRule | null {
  const ordered = [...rules].sort((a, b) => a.position - b.position || a.id - b.id);
  return ordered.find((rule) => ruleMatches(rule, alarm)) ?? null;
}
