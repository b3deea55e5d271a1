/**
 * Follows a call's TwiML the way Twilio does: fetch it (signed), then Say, Play (the audio is
 * really fetched), Pause, Gather (press keys and post them to the action, or fall through on
 * silence), Redirect, Hangup. Anything else is recorded as unsupported and skipped. A redirect
 * through the API (an update with Url or Twiml) stops the document wherever it is and runs the new one.
 */
import type { CallRuntime, SimContext, TwimlSource } from './context';
import { field, type Form } from './http-util';
import type { TwimlStepKind } from './records';
import { StoppedError } from './tasks';
import { parseTwiml, type TwimlNode } from './twiml-parser';
import { callParams } from './twilio-format';
import type { WebhookResult } from './webhook-client';

interface Doc {
  /** Where the document came from; relative URLs in it resolve against this. Null for inline TwiML. */
  url: string | null;
  verbs: TwimlNode[];
}

interface Run {
  ctx: SimContext;
  rt: CallRuntime;
  digits: string;
  answeredBy: string | null;
  steps: number;
  /** Aborts when the call ends or a redirect interrupts the current document. */
  signal: AbortSignal;
}

const methodOf = (raw: string | undefined): 'GET' | 'POST' => (raw?.toUpperCase() === 'GET' ? 'GET' : 'POST');

/**
 * The TwiML a create or update request names, or null when it names none. Url wins when both are
 * given: Twilio documents that Twiml is then ignored.
 */
export function twimlSource(form: Form): TwimlSource | null {
  const url = field(form, 'Url');
  if (url) {
    const fallbackUrl = field(form, 'FallbackUrl') || null;
    return { kind: 'url', url, method: methodOf(field(form, 'Method')), fallbackUrl, fallbackMethod: methodOf(field(form, 'FallbackMethod')) };
  }
  const twiml = field(form, 'Twiml');
  return twiml ? { kind: 'inline', twiml } : null;
}

class CallEnded extends Error {}

function record(run: Run, kind: TwimlStepKind, fields: { url?: string | null; method?: 'GET' | 'POST' | null; res?: WebhookResult; detail?: string | null }) {
  run.ctx.recorder.twiml({
    sid: run.rt.call.sid,
    kind,
    url: fields.res?.url ?? fields.url ?? null,
    method: fields.res?.method ?? fields.method ?? null,
    httpStatus: fields.res?.status ?? null,
    contentType: fields.res?.contentType ?? null,
    detail: fields.detail ?? fields.res?.error ?? null,
    answeredBy: run.answeredBy,
  });
}

function resolveUrl(doc: Doc, raw: string | undefined): string | null {
  const target = raw?.trim() || doc.url;
  if (!target) return null;
  try {
    return new URL(target, doc.url ?? undefined).href;
  } catch {
    return null;
  }
}

const sleep = (run: Run, ms: number) => run.ctx.tasks.sleep(ms, run.signal);
const talk = (run: Run) => sleep(run, run.rt.rng.between(run.ctx.config().talkMs));

/** Requests a TwiML document; a failure ends the call as Twilio's "application error" does. */
async function fetchDoc(run: Run, kind: TwimlStepKind, url: string, method: 'GET' | 'POST', extra: Record<string, string>): Promise<Doc> {
  const params: Record<string, string> = { ...callParams(run.rt.call), ...extra };
  if (run.answeredBy) params.AnsweredBy = run.answeredBy;
  const res = await run.ctx.client.send({ url, method, params, signal: run.signal });
  const ok = res.error === null && res.status !== null && res.status >= 200 && res.status < 300;
  if (!ok) {
    record(run, kind, { res, detail: res.error ?? `HTTP ${res.status}` });
    throw new CallEnded();
  }
  try {
    const root = parseTwiml(res.body);
    record(run, kind, { res, detail: extra.Digits ?? null });
    return { url, verbs: root.children };
  } catch (error) {
    record(run, kind, { res });
    record(run, 'error', { url, detail: (error as Error).message });
    throw new CallEnded();
  }
}

async function gather(run: Run, doc: Doc, verb: TwimlNode): Promise<Doc | null> {
  for (const child of verb.children) {
    if (child.name === 'Say' || child.name === 'Play' || child.name === 'Pause') await play(run, doc, child);
  }
  const a = verb.attrs;
  const action = resolveUrl(doc, a.action);
  const acceptsKeys = (a.input ?? 'dtmf').split(/\s+/).includes('dtmf');
  const numDigits = Number(a.numDigits);
  // As Twilio: the finish key (# unless set; '' for none) ends the input and is not part of Digits.
  const finishKey = a.finishOnKey ?? '#';
  const pressed = acceptsKeys ? (run.digits ?? '') : '';
  const typed = finishKey && pressed.includes(finishKey) ? pressed.slice(0, pressed.indexOf(finishKey)) : pressed;
  const keys = numDigits > 0 ? typed.slice(0, numDigits) : typed;
  if (keys) {
    await sleep(run, run.rt.rng.between(run.ctx.config().latencyMs));
    record(run, 'gather', { url: action, detail: keys });
  } else {
    const timeoutS = a.timeout === undefined || a.timeout === 'auto' ? 5 : Number(a.timeout) || 0;
    await sleep(run, timeoutS * 1000 * run.ctx.config().timeScale);
    record(run, 'gather', { url: action, detail: '' });
    if (a.actionOnEmptyResult !== 'true') return null;
  }
  if (!action) {
    record(run, 'error', { detail: 'Gather has no action and the TwiML has no URL' });
    throw new CallEnded();
  }
  const extra: Record<string, string> = { Digits: keys, msg: 'Gather End' };
  if (keys && !(numDigits > 0)) extra.FinishedOnKey = a.finishOnKey ?? '#';
  return fetchDoc(run, 'gather-action', action, methodOf(a.method), extra);
}

async function play(run: Run, doc: Doc, verb: TwimlNode): Promise<void> {
  if (verb.name === 'Say') {
    record(run, 'say', { detail: verb.text.replace(/\s+/g, ' ').trim() });
    await talk(run);
  } else if (verb.name === 'Play') {
    const url = resolveUrl(doc, verb.text);
    if (!url || !verb.text.trim()) {
      record(run, 'play', { detail: 'no audio URL' });
    } else {
      const res = await run.ctx.client.send({ url, method: 'GET', signal: run.signal });
      record(run, 'play', { res });
    }
    await talk(run);
  } else if (verb.name === 'Pause') {
    const length = verb.attrs.length === undefined ? 1 : Number(verb.attrs.length) || 0;
    record(run, 'pause', { detail: String(length) });
    await sleep(run, length * 1000 * run.ctx.config().timeScale);
  }
}

/** Reads inline TwiML, or fetches the URL (then its fallback); null when inline TwiML does not parse. */
async function load(run: Run, source: TwimlSource): Promise<Doc | null> {
  if (source.kind === 'inline') {
    try {
      return { url: null, verbs: parseTwiml(source.twiml).children };
    } catch (error) {
      record(run, 'error', { detail: (error as Error).message });
      return null;
    }
  }
  try {
    return await fetchDoc(run, 'fetch', source.url, source.method, {});
  } catch (error) {
    if (!(error instanceof CallEnded) || !source.fallbackUrl) throw error;
    return fetchDoc(run, 'fetch', source.fallbackUrl, source.fallbackMethod, {});
  }
}

/** Runs the call's TwiML until it ends; returns normally when the call should complete. */
export async function followTwiml(ctx: SimContext, rt: CallRuntime, opts: { digits: string; answeredBy: string | null }): Promise<void> {
  const run: Run = { ctx, rt, digits: opts.digits, answeredBy: opts.answeredBy, steps: 0, signal: rt.abort.signal };
  for (;;) {
    const interrupt = rt.interrupt;
    run.signal = AbortSignal.any([rt.abort.signal, interrupt.signal]);
    // Only a redirect aborts `interrupt` alone; a hang-up, cancel or stop aborts the call too.
    const redirected = () => interrupt.signal.aborted && !rt.abort.signal.aborted && !ctx.tasks.signal.aborted;
    try {
      const doc = await load(run, rt.source);
      if (doc) await execute(run, doc);
    } catch (error) {
      if (error instanceof CallEnded) return;
      if (error instanceof StoppedError && redirected()) continue;
      throw error;
    }
    if (!redirected()) return;
  }
}

async function execute(run: Run, first: Doc): Promise<void> {
  let doc = first;
  let index = 0;
  while (index < doc.verbs.length) {
    if (++run.steps > run.ctx.config().maxTwimlSteps) {
      record(run, 'error', { detail: `more than ${run.ctx.config().maxTwimlSteps} TwiML steps` });
      return;
    }
    const verb = doc.verbs[index++]!;
    switch (verb.name) {
      case 'Say':
      case 'Play':
      case 'Pause':
        await play(run, doc, verb);
        break;
      case 'Gather': {
        const next = await gather(run, doc, verb);
        if (next) [doc, index] = [next, 0];
        break;
      }
      case 'Redirect': {
        const url = resolveUrl(doc, verb.text);
        if (!url) {
          record(run, 'error', { detail: 'Redirect without a usable URL' });
          return;
        }
        [doc, index] = [await fetchDoc(run, 'redirect', url, methodOf(verb.attrs.method), {}), 0];
        break;
      }
      case 'Hangup':
      case 'Reject':
        record(run, verb.name === 'Hangup' ? 'hangup' : 'reject', {});
        return;
      default:
        record(run, 'unsupported', { detail: verb.name });
    }
  }
}
