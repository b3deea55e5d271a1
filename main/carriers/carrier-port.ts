/**
 * What the dispatcher needs from a carrier. Twilio and the built-in simulator both speak the
 * Twilio REST API, so one adapter serves both; the port keeps the dispatcher free of SDK types.
 */

/**
 * A call either fetches its TwiML from our webhooks (`twimlUrl`, with callbacks) or carries it
 * inline when the carrier cannot reach us (polling mode: no callbacks, status is polled).
 */
export interface CreateCall {
  to: string;
  from: string;
  /** Where the carrier fetches the call's TwiML; carries the attempt id. */
  twimlUrl?: string;
  twiml?: string;
  statusCallback?: string;
  /** Ask the carrier to tell a person from an answering machine (asynchronously, to `amdCallback`). */
  machineDetection: boolean;
  amdCallback?: string;
  timeoutSeconds: number;
}

export interface CreateMessage {
  to: string;
  from: string;
  body: string;
  statusCallback?: string;
}

export interface Created {
  sid: string;
  status: string;
  segments?: number;
}

/** A call or message the carrier knows about, for resolving attempts that are in doubt. */
export interface CarrierRecord {
  sid: string;
  to: string;
  from: string | null;
  status: string;
  /**
   * The carrier's `date_created` (ms; whole seconds at Twilio), or null when it gave none. It is
   * set at create, also for a record still waiting in the account queue, whose `start_time` /
   * `date_sent` are still empty: so it, not those, places a record in an attempt's window.
   */
  createdAt: number | null;
}

/**
 * Records to one number, created within a window. The carrier is asked by `To` only, with no
 * start or sent filter (those miss queued records), and its pages are read newest first until
 * they are older than the window. Neither Twilio's call nor its message resource echoes our
 * callback URL (with the attempt id), so the window is all a list can match on.
 */
export interface CarrierSearch {
  to: string;
  /** Inclusive window on `date_created`, ms. */
  createdFrom: number;
  createdUntil: number;
}

/**
 * Why a create did not give a SID, in the terms the ledger needs:
 * - `rate_limited`: safe to retry after `retryAfterMs` (HTTP 429);
 * - `unreachable`: the request never left (connection refused, DNS): safe to retry;
 * - `rejected`: the carrier refused this recipient (4xx) with a code an operator can read;
 * - `in_doubt`: 5xx or timeout: the carrier may have created it. Never re-create blindly.
 */
export type CarrierFailure =
  | { kind: 'rate_limited'; retryAfterMs: number; message: string }
  | { kind: 'unreachable'; message: string }
  | { kind: 'rejected'; code: string; message: string }
  | { kind: 'in_doubt'; message: string };

export class CarrierError extends Error {
  constructor(readonly failure: CarrierFailure) {
    super(failure.message);
    this.name = 'CarrierError';
  }
}

export interface CarrierPort {
  /** The account SID: callbacks are signed with its auth token. */
  readonly account: string;
  readonly authToken: string;
  /** Runs on this machine (the simulator): it reaches the loopback webhooks without a public URL. */
  readonly local: boolean;
  createCall(req: CreateCall): Promise<Created>;
  createMessage(req: CreateMessage): Promise<Created>;
  /**
   * Calls / messages matching the search, every page read. Rejects when the carrier did not
   * answer, or when the search could not be completed: a failed search never means "none".
   */
  findCalls(search: CarrierSearch): Promise<CarrierRecord[]>;
  findMessages(search: CarrierSearch): Promise<CarrierRecord[]>;
  /** Cancel a queued or ringing call, or hang up one in progress. */
  endCall(sid: string, inProgress: boolean): Promise<void>;
  /** Burn: blank a sent message's body at the carrier, then delete the message resource. */
  redactMessage(sid: string): Promise<void>;
  deleteMessage(sid: string): Promise<void>;
  /** Replace what a live call is playing (an answering machine got the message: leave a short one). */
  redirectCall(sid: string, twiml: string): Promise<void>;
  fetchCallStatus(sid: string): Promise<string>;
  fetchMessageStatus(sid: string): Promise<string>;
}
