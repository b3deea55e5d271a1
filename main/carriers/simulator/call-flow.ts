/**
 * A call's life after the 201: initiated, ringing, then busy / no-answer / failed, or answered by a
 * person or a machine, whose TwiML is fetched and followed; status callbacks as Twilio sends them.
 */
import { CallbackChannel } from './callbacks';
import type { CallOutcome } from './config';
import type { CallRuntime, SimContext, TwimlSource } from './context';
import { field } from './http-util';
import { createRng } from './prng';
import { followTwiml, twimlSource } from './twiml-runner';
import { callParams, FINAL_CALL_STATUSES, rfc2822, type CallState, type CallStatus } from './twilio-format';

type CallEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

/** The StatusCallbackEvent each status belongs to; every final status is sent as `completed`. */
const EVENT_OF: Record<string, CallEvent> = {
  initiated: 'initiated',
  ringing: 'ringing',
  'in-progress': 'answered',
};

const SIP_CODE: Partial<Record<CallStatus, string>> = {
  completed: '200',
  busy: '486',
  'no-answer': '487',
  canceled: '487',
  failed: '404',
};

/** Draws the call's fate from its own stream: same seed, number and attempt → same fate. */
export function createCallRuntime(ctx: SimContext, call: CallState, attempt: number): CallRuntime {
  const config = ctx.config();
  const rng = createRng(config.seed, `call:${call.to}:${attempt}`);
  const script = ctx.script(call.to);
  const { answer, busy, noAnswer, voicemail, failed } = config.outcomes;
  const drawn = rng.weighted<CallOutcome>({ answer, busy, 'no-answer': noAnswer, voicemail, failed });
  const drawnDigits = rng.weighted(config.dtmf);
  return {
    call,
    rng,
    channel: new CallbackChannel(ctx, createRng(config.seed, `call-chaos:${call.to}:${attempt}`)),
    abort: new AbortController(),
    // The create request was refused without a Url or Twiml, so the fallback is never used.
    source: twimlSource(call.params) ?? { kind: 'inline', twiml: '<Response/>' },
    interrupt: new AbortController(),
    sequence: 0,
    outcome: script?.outcome ?? drawn,
    digits: script?.digits ?? drawnDigits,
  };
}

/** The AnsweredBy value Twilio's AMD gives, or null when AMD was not asked for. */
function answeredBy(rt: CallRuntime): string | null {
  const mode = field(rt.call.params, 'MachineDetection');
  if (mode !== 'Enable' && mode !== 'DetectMessageEnd') return null;
  if (rt.outcome !== 'voicemail') return 'human';
  return mode === 'DetectMessageEnd' ? 'machine_end_beep' : 'machine_start';
}

function emitStatus(ctx: SimContext, rt: CallRuntime, status: CallStatus | 'initiated'): void {
  const { call } = rt;
  const url = field(call.params, 'StatusCallback');
  if (!url) return;
  const event = EVENT_OF[status] ?? 'completed';
  const requested = call.params.StatusCallbackEvent;
  const events = (Array.isArray(requested) ? requested : requested ? [requested] : ['completed']).flatMap((e) =>
    e.split(/[\s,]+/),
  );
  if (!events.includes(event)) return;
  const params: Record<string, string> = {
    ...callParams(call),
    CallStatus: status,
    SequenceNumber: String(rt.sequence++),
    Timestamp: rfc2822(Date.now()),
    CallbackSource: 'call-progress-events',
  };
  if (event === 'completed') {
    params.CallDuration = String(call.duration ?? 0);
    params.Duration = String(Math.ceil((call.duration ?? 0) / 60));
    params.SipResponseCode = SIP_CODE[status as CallStatus] ?? '200';
  }
  if (call.answeredBy) params.AnsweredBy = call.answeredBy;
  const method = field(call.params, 'StatusCallbackMethod')?.toUpperCase() === 'GET' ? 'GET' : 'POST';
  rt.channel.emit({ kind: 'call-status', sid: call.sid, status, sequenceNumber: Number(params.SequenceNumber), url, method, params });
}

/** Ends the call with a final status (once); later attempts are ignored. */
export function finishCall(ctx: SimContext, rt: CallRuntime, status: CallStatus): boolean {
  const { call } = rt;
  if (FINAL_CALL_STATUSES.includes(call.status)) return false;
  const now = Date.now();
  if (status === 'completed' && call.answeredAt !== null) {
    // Twilio bills whole seconds and never reports an answered call as 0 s long.
    call.duration = Math.max(1, Math.ceil((now - call.answeredAt) / 1000));
  } else {
    call.duration = 0;
  }
  ctx.store.setCallStatus(call, status, now);
  rt.abort.abort();
  emitStatus(ctx, rt, status);
  rt.channel.flush();
  ctx.calls.delete(call.sid);
  return true;
}

/**
 * An update with Url or Twiml: a call not yet answered will run the new TwiML on answer; a live
 * call stops the document it is executing (a Gather waiting for keys, a Play) and runs it at once.
 */
export function redirectCall(rt: CallRuntime, source: TwimlSource): void {
  rt.source = source;
  const running = rt.interrupt;
  rt.interrupt = new AbortController();
  running.abort();
}

/** Asynchronous AMD: the verdict arrives on its own callback a little after the answer. */
function sendAsyncAmd(ctx: SimContext, rt: CallRuntime, verdict: string): void {
  const { call } = rt;
  const url = field(call.params, 'AsyncAmdStatusCallback');
  const method = field(call.params, 'AsyncAmdStatusCallbackMethod')?.toUpperCase() === 'GET' ? 'GET' : 'POST';
  const detectedAfter = rt.rng.between(ctx.config().latencyMs);
  ctx.tasks.spawn(
    async () => {
      await ctx.tasks.sleep(detectedAfter);
      call.answeredBy = verdict;
      if (!url) return;
      const params = {
        AccountSid: call.accountSid,
        CallSid: call.sid,
        AnsweredBy: verdict,
        MachineDetectionDuration: String(detectedAfter),
      };
      rt.channel.emit({ kind: 'amd', sid: call.sid, status: params.AnsweredBy, sequenceNumber: null, url, method, params }, { chaos: false });
    },
    (error) => ctx.log.error({ err: error, sid: call.sid }, 'AMD callback failed'),
  );
}

/** `heldMs`: how long the account queue holds the call (status `queued`, no start_time) before dialling. */
export function runCall(ctx: SimContext, rt: CallRuntime, heldMs = 0): void {
  const { call, rng } = rt;
  const wait = (range: { min: number; max: number }) => ctx.tasks.sleep(rng.between(range), rt.abort.signal);
  ctx.tasks.spawn(
    async () => {
      const config = ctx.config();
      if (heldMs > 0) await ctx.tasks.sleep(heldMs, rt.abort.signal);
      await wait(config.latencyMs);
      call.startedAt = Date.now();
      call.updatedAt = call.startedAt;
      emitStatus(ctx, rt, 'initiated');
      await wait(config.latencyMs);
      if (rt.outcome === 'failed') {
        finishCall(ctx, rt, 'failed');
        return;
      }
      ctx.store.setCallStatus(call, 'ringing');
      emitStatus(ctx, rt, 'ringing');
      let ring = rng.between(config.ringMs);
      const timeoutS = Number(field(call.params, 'Timeout') ?? 60);
      const ringsOut = Number.isFinite(timeoutS) && ring >= timeoutS * 1000;
      if (ringsOut) ring = timeoutS * 1000;
      await ctx.tasks.sleep(ring, rt.abort.signal);
      if (rt.outcome === 'busy' || rt.outcome === 'no-answer' || ringsOut) {
        finishCall(ctx, rt, rt.outcome === 'busy' ? 'busy' : 'no-answer');
        return;
      }
      call.answeredAt = Date.now();
      const verdict = answeredBy(rt);
      const asyncAmd = verdict !== null && field(call.params, 'AsyncAmd') === 'true';
      // Synchronous AMD answers before the TwiML request (which carries AnsweredBy); asynchronous
      // AMD fetches the TwiML at once and reports its verdict separately.
      if (!asyncAmd) call.answeredBy = verdict;
      ctx.store.setCallStatus(call, 'in-progress');
      emitStatus(ctx, rt, 'in-progress');
      if (asyncAmd) sendAsyncAmd(ctx, rt, verdict);
      const digits = rt.outcome === 'voicemail' ? '' : rt.digits;
      await followTwiml(ctx, rt, { digits, answeredBy: asyncAmd ? null : verdict });
      finishCall(ctx, rt, 'completed');
    },
    (error) => {
      ctx.log.error({ err: error, sid: call.sid }, 'call flow failed');
      finishCall(ctx, rt, 'failed');
    },
  );
}
