/** What the simulator received and sent, kept for tests: "was this person created twice?" */
import type { OptOutType } from './opt-out';

export type Channel = 'call' | 'message';

export type CreateFault = 'invalid' | 'rejected' | '429' | 'rate-limit' | 'concurrency' | '500' | 'timeout';

export interface CreateRecord {
  seq: number;
  at: number;
  channel: Channel;
  to: string;
  from: string | null;
  /** Set when the resource exists, even if the client never learned it (500 after create, timeout). */
  sid: string | null;
  created: boolean;
  /** The HTTP status the client got; null when the answer never came (timeout). */
  httpStatus: number | null;
  errorCode: number | null;
  fault: CreateFault | null;
  /** For a held-open timeout: when the client gave up and closed the socket. */
  clientGaveUpAt: number | null;
  /** How long the account queue held the create before it was dialled or sent (0: not held). */
  queuedMs?: number;
}

export type CallbackKind = 'call-status' | 'amd' | 'message-status';

export interface CallbackRecord {
  seq: number;
  at: number;
  kind: CallbackKind;
  sid: string;
  status: string;
  sequenceNumber: number | null;
  url: string;
  method: 'GET' | 'POST';
  /** False for a dropped callback: recorded, never sent. */
  delivered: boolean;
  /** This delivery is a duplicate, or was sent after a later status. */
  chaos: 'duplicate' | 'reordered' | 'dropped' | null;
  httpStatus: number | null;
  error: string | null;
  params: Record<string, string>;
}

export type TwimlStepKind =
  | 'fetch'
  | 'say'
  | 'play'
  | 'pause'
  | 'gather'
  | 'gather-action'
  | 'redirect'
  | 'hangup'
  | 'reject'
  | 'unsupported'
  | 'error';

export interface TwimlRecord {
  seq: number;
  at: number;
  sid: string;
  kind: TwimlStepKind;
  url: string | null;
  method: 'GET' | 'POST' | null;
  httpStatus: number | null;
  contentType: string | null;
  /** Digits pressed (gather, gather-action), text spoken (say), or what went wrong. */
  detail: string | null;
  answeredBy: string | null;
}

export type ActionKind = 'cancel' | 'hangup' | 'redirect' | 'update-ignored' | 'redact' | 'delete';

export interface ActionRecord {
  seq: number;
  at: number;
  kind: ActionKind;
  sid: string;
  fromStatus: string;
  toStatus: string;
  /** For a redirect: the new Url, or the inline Twiml itself. */
  detail: string | null;
}

export interface InboundRecord {
  seq: number;
  at: number;
  sid: string;
  from: string;
  to: string;
  body: string;
  url: string;
  httpStatus: number | null;
  error: string | null;
  /** What GDial answered (TwiML), so a test can read an auto-reply. */
  responseBody: string;
  /** The body was one of Twilio's opt-out, opt-in or help keywords (sent to GDial as OptOutType). */
  optOutType: OptOutType | null;
  /** The confirmation Twilio itself texts back for a keyword; not a message resource, as on Twilio. */
  autoReply: string | null;
}

export interface SimulatorRecords {
  creates: CreateRecord[];
  callbacks: CallbackRecord[];
  twiml: TwimlRecord[];
  actions: ActionRecord[];
  inbound: InboundRecord[];
}

type Input<T> = Omit<T, 'seq' | 'at'>;

export class Recorder {
  private seq = 0;
  private data: SimulatorRecords = Recorder.empty();
  /** Creates per channel and number, kept as counters so createsTo stays cheap at 100k creates. */
  private counts = new Map<string, number>();

  private static empty(): SimulatorRecords {
    return { creates: [], callbacks: [], twiml: [], actions: [], inbound: [] };
  }

  private stamp<T>(input: Input<T>): T {
    return { seq: ++this.seq, at: Date.now(), ...input } as T;
  }

  create(input: Input<CreateRecord>): CreateRecord {
    const record = this.stamp<CreateRecord>(input);
    this.data.creates.push(record);
    if (record.created) {
      const key = `${record.channel}:${record.to}`;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
    return record;
  }
  callback(input: Input<CallbackRecord>): void {
    this.data.callbacks.push(this.stamp(input));
  }
  twiml(input: Input<TwimlRecord>): void {
    this.data.twiml.push(this.stamp(input));
  }
  action(input: Omit<Input<ActionRecord>, 'detail'> & { detail?: string | null }): void {
    this.data.actions.push(this.stamp<ActionRecord>({ detail: null, ...input }));
  }
  inbound(input: Input<InboundRecord>): InboundRecord {
    const record = this.stamp<InboundRecord>(input);
    this.data.inbound.push(record);
    return record;
  }

  /** Resources created for this number (whether or not the client heard back). */
  createsTo(number: string, channel?: Channel): number {
    if (channel) return this.counts.get(`${channel}:${number}`) ?? 0;
    return (this.counts.get(`call:${number}`) ?? 0) + (this.counts.get(`message:${number}`) ?? 0);
  }

  snapshot(): SimulatorRecords {
    return {
      creates: [...this.data.creates],
      callbacks: [...this.data.callbacks],
      twiml: [...this.data.twiml],
      actions: [...this.data.actions],
      inbound: [...this.data.inbound],
    };
  }

  reset(): void {
    this.data = Recorder.empty();
    this.counts.clear();
  }
}
