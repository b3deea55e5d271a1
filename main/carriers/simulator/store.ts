/** The simulated account's calls, messages and opted-out numbers, and Twilio-style list filtering and paging. */
import {
  FINAL_CALL_STATUSES,
  type CallState,
  type CallStatus,
  type MessageState,
  type MessageStatus,
} from './twilio-format';

export class BadFilterError extends Error {}

export class ResourceStore {
  readonly calls = new Map<string, CallState>();
  readonly messages = new Map<string, MessageState>();
  /** Numbers that texted an opt-out keyword (and no opt-in since): texting them fails with 21610. */
  readonly optedOut = new Set<string>();
  /** Non-final calls, kept as a set so the concurrency limit is checked in O(1). */
  private readonly live = new Set<string>();

  addCall(call: CallState): void {
    this.calls.set(call.sid, call);
    if (!FINAL_CALL_STATUSES.includes(call.status)) this.live.add(call.sid);
  }

  setCallStatus(call: CallState, status: CallStatus, at = Date.now()): void {
    call.status = status;
    call.updatedAt = at;
    if (FINAL_CALL_STATUSES.includes(status)) {
      this.live.delete(call.sid);
      call.endedAt ??= at;
    }
  }

  get liveCalls(): number {
    return this.live.size;
  }

  addMessage(message: MessageState): void {
    this.messages.set(message.sid, message);
  }

  setMessageStatus(message: MessageState, status: MessageStatus, at = Date.now()): void {
    message.status = status;
    message.updatedAt = at;
  }

  reset(): void {
    this.calls.clear();
    this.messages.clear();
    this.live.clear();
    this.optedOut.clear();
  }
}

const DAY_MS = 86_400_000;

/**
 * Twilio's date filters, as its OpenAPI description has them: "only include calls that started on
 * this date", given as `YYYY-MM-DD` in UTC. `StartTime=D` is that day, `StartTime>=D` (sent as the
 * key `StartTime>`) that day or later, `StartTime<=D` (key `StartTime<`) that day or earlier; the
 * explicit `>=` / `<=` keys are accepted too. A value with a time of day counts as its UTC date:
 * the filter has no finer grain. Returns a predicate over a timestamp; null (a call not yet dialled,
 * a message not yet sent) never matches a filter.
 */
export function dateFilter(query: URLSearchParams, name: string): (ms: number | null) => boolean {
  const checks: ((ms: number) => boolean)[] = [];
  const dayOf = (key: string, raw: string) => {
    const trimmed = raw.trim();
    const ms = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? Date.parse(`${trimmed}T00:00:00Z`) : Date.parse(trimmed);
    if (Number.isNaN(ms)) throw new BadFilterError(`Invalid value for ${key}: "${raw}"`);
    return Math.floor(ms / DAY_MS) * DAY_MS;
  };
  for (const [key, raw] of query) {
    if (key === name) {
      const day = dayOf(key, raw);
      checks.push((t) => t >= day && t < day + DAY_MS);
    } else if (key === `${name}>` || key === `${name}>=`) {
      const day = dayOf(key, raw);
      checks.push((t) => t >= day);
    } else if (key === `${name}<` || key === `${name}<=`) {
      const day = dayOf(key, raw);
      checks.push((t) => t < day + DAY_MS);
    }
  }
  return (ms) => checks.length === 0 || (ms !== null && checks.every((check) => check(ms)));
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  start: number;
  nextToken: string | null;
}

/** Newest first, like Twilio; a page token names the last SID already seen, so new rows don't shift pages. */
export function paginate<T extends { sid: string; createdAt: number }>(
  all: Iterable<T>,
  keep: (item: T) => boolean,
  query: URLSearchParams,
): Page<T> {
  const rawSize = query.get('PageSize');
  const pageSize = rawSize === null ? 50 : Number(rawSize);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw new BadFilterError('PageSize must be an integer between 1 and 1000');
  }
  const page = Math.max(0, Number(query.get('Page') ?? 0) || 0);
  const matching = [...all].filter(keep).reverse();
  const token = query.get('PageToken');
  let start = page * pageSize;
  if (token?.startsWith('PA')) {
    const after = matching.findIndex((item) => item.sid === token.slice(2));
    start = after >= 0 ? after + 1 : matching.length;
  }
  const items = matching.slice(start, start + pageSize);
  const last = items.at(-1);
  const nextToken = last && start + pageSize < matching.length ? `PA${last.sid}` : null;
  return { items, page, pageSize, start, nextToken };
}

/** The list envelope Twilio wraps every page in; the SDK follows `next_page_uri`. */
export function listEnvelope(key: 'calls' | 'messages', path: string, query: URLSearchParams, page: Page<unknown>, rows: unknown[]) {
  const filters = new URLSearchParams([...query].filter(([k]) => !['Page', 'PageSize', 'PageToken'].includes(k)));
  const uriFor = (pageNo: number, token?: string) => {
    const q = new URLSearchParams(filters);
    q.set('PageSize', String(page.pageSize));
    q.set('Page', String(pageNo));
    if (token) q.set('PageToken', token);
    return `${path}?${q.toString()}`;
  };
  return {
    [key]: rows,
    end: page.start + Math.max(0, rows.length - 1),
    first_page_uri: uriFor(0),
    next_page_uri: page.nextToken ? uriFor(page.page + 1, page.nextToken) : null,
    page: page.page,
    page_size: page.pageSize,
    previous_page_uri: page.page > 0 ? uriFor(page.page - 1) : null,
    start: page.start,
    uri: uriFor(page.page, query.get('PageToken') ?? undefined),
  };
}
