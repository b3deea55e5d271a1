/** What the simulator's parts share: the live config, the account's state, the record, the clock. */
import type { Logger } from '../../log';
import type { CallbackChannel, CallbackDeps } from './callbacks';
import type { NumberScript, SimulatorConfig } from './config';
import type { Rng } from './prng';
import type { Recorder } from './records';
import type { ResourceStore } from './store';
import type { Tasks } from './tasks';
import type { CallState, MessageState } from './twilio-format';
import type { WebhookClient } from './webhook-client';

export interface SimContext extends CallbackDeps {
  store: ResourceStore;
  /** The running flow of every call not yet final, by SID. */
  calls: Map<string, CallRuntime>;
  messages: Map<string, MessageRuntime>;
  script(to: string): NumberScript | undefined;
}

export type { Logger, SimulatorConfig, WebhookClient, Recorder, Tasks };

/**
 * Where a call's TwiML comes from: the create request's Url or Twiml, until an update with Url or
 * Twiml replaces it (what runs on answer, or at once on a live call).
 */
export type TwimlSource =
  | { kind: 'inline'; twiml: string }
  | { kind: 'url'; url: string; method: 'GET' | 'POST'; fallbackUrl: string | null; fallbackMethod: 'GET' | 'POST' };

export interface CallRuntime {
  call: CallState;
  rng: Rng;
  channel: CallbackChannel;
  /** Aborted when the call is cancelled, hung up through the API, or the simulator stops. */
  abort: AbortController;
  source: TwimlSource;
  /** Aborted (and replaced) by a redirect: stops the TwiML document a live call is executing. */
  interrupt: AbortController;
  /** Callbacks sent so far, Twilio's SequenceNumber. */
  sequence: number;
  outcome: 'answer' | 'busy' | 'no-answer' | 'voicemail' | 'failed';
  digits: string;
}

export interface MessageRuntime {
  message: MessageState;
  rng: Rng;
  channel: CallbackChannel;
  abort: AbortController;
}
