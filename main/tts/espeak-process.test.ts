import { afterEach, describe, expect, it } from 'vitest';
import { EspeakProcess, createEspeakTts } from './espeak-tts';
import { speak } from './espeak-wasm';
import { TtsError } from './tts-port';
import { parseWav } from './wav';

const TEXT = 'Brand i industribyggnad vid Storgatan, samling vid stationen genast.';
const procs: EspeakProcess[] = [];
function fresh(timeoutMs?: number) {
  const p = new EspeakProcess({ timeoutMs });
  procs.push(p);
  return p;
}
afterEach(() => {
  for (const p of procs.splice(0)) {
    const pid = p.health().pid;
    p.stop();
    // A process stopped with SIGSTOP must be continued for SIGKILL to be delivered everywhere.
    if (pid) try { process.kill(pid, 'SIGCONT'); } catch { /* gone */ }
  }
});

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function gone(pid: number) {
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

describe('espeak-ng in its own process', () => {
  it('synthesises in another process, with the same bytes the engine itself would make', async () => {
    const p = fresh();
    const remote = await p.synthesize(TEXT, 'sv');
    const pid = p.health().pid;
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);
    expect(alive(pid!)).toBe(true);
    const local = await speak(TEXT, 'sv');
    expect(Buffer.compare(remote.wav, local.wav)).toBe(0);
    expect(remote.durationMs).toBe(local.durationMs);
    // One long-lived process: the next text goes to the same one.
    await p.synthesize('Ett två tre', 'sv');
    expect(p.health()).toMatchObject({ pid, restarts: 0, lastError: null });
  });

  it('a crashed speech process fails the text in hand as a TtsError and is replaced for the next', async () => {
    const p = fresh();
    await p.synthesize('Hej', 'sv');
    const first = p.health().pid!;
    const inHand = p.synthesize(TEXT.repeat(20), 'sv');
    await new Promise((r) => setTimeout(r, 30));
    process.kill(first, 'SIGKILL');
    // Twenty times the text takes far longer than 30 ms: the kill lands mid-synthesis.
    const failure = await inHand.catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TtsError);
    expect((failure as Error).message).toMatch(/speech process stopped/);
    const next = await p.synthesize(TEXT, 'sv');
    expect(parseWav(next.wav).dataBytes).toBeGreaterThan(10_000);
    const second = p.health();
    expect(second.pid).not.toBe(first);
    expect(second.restarts).toBe(1);
    expect(second.lastError).toMatch(/speech process stopped/);
  });

  it('a hung speech process is killed at the timeout and replaced; the engine keeps going', async () => {
    const p = fresh(1500);
    await p.synthesize('Hej', 'sv');
    const hung = p.health().pid!;
    process.kill(hung, 'SIGSTOP');
    const started = Date.now();
    const failure = await p.synthesize(TEXT, 'sv').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TtsError);
    expect((failure as Error).message).toMatch(/did not answer within 2 s/);
    // The engine's loop was free meanwhile: a timer set now fires at once.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await gone(hung)).toBe(true);
    const next = await p.synthesize(TEXT, 'sv');
    expect(parseWav(next.wav).dataBytes).toBeGreaterThan(10_000);
    expect(p.health().pid).not.toBe(hung);
    expect(p.health().restarts).toBe(1);
  });

  it('an espeak TtsPort uses the shared speech process, not the engine', async () => {
    const tts = createEspeakTts({ sv: 'sv', en: 'en' }, fresh());
    const { wav } = await tts.synthesize(TEXT, 'sv');
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
  });
});
