/**
 * Launching does not wait for the public-URL check: the time `alerts.launch` takes while the
 * public URL's end-to-end check hangs (a tunnel that answers nothing, up to the check's 10 s
 * timeout), against the same launch with no public URL at all, in the same engine. The goal is a
 * ratio near 1 (before, a launch could wait the whole 10 s).
 */
import { bookWithGroup, draft, FAST } from '../main/test-support/alert-fixture';
import { startTestEngine } from '../main/test-support/engine-fixture';
import { holdingProxy } from '../main/test-support/holding-proxy';
import { round, timed, type Bench } from './harness';

const LAUNCHES = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function launchWhileChecking() {
  const t = await startTestEngine({ simulatorConfig: { ...FAST, outcomes: { answer: 0, busy: 0, noAnswer: 1, voicemail: 0, failed: 0 } } });
  const proxy = await holdingProxy(() => t.engine.dispatch!.webhooks.url);
  try {
    const op = await t.signedIn('operator');
    const admin = await t.signedIn('admin');
    const { groupId } = await bookWithGroup(t, op, 20);
    const launch = async (key: string) => (await timed(() => t.call(op, 'alerts.launch', { launchKey: key, draft: draft(groupId, { policy: { cycles: 1 } } as never) }))).seconds;

    const plain: number[] = [];
    for (let i = 0; i < LAUNCHES; i++) plain.push(await launch(`bench-plain-${i}`));
    // The public URL now hangs: its check is held for as long as the launches take.
    await t.call(admin, 'settings.update', { publicUrl: proxy.url } as never);
    for (const end = Date.now() + 5_000; proxy.heldCount() === 0 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 10));
    const checking: number[] = [];
    for (let i = 0; i < LAUNCHES; i++) checking.push(await launch(`bench-checking-${i}`));
    if (proxy.heldCount() === 0) throw new Error('the public URL check was not in flight during the launches');
    return { launch_during_url_check_ms: round(median(checking) * 1000, 1), launch_url_check_ratio: round(median(checking) / median(plain), 2) };
  } finally {
    proxy.release();
    await t.stop();
    await proxy.close();
  }
}

export const launchWaitBench: Bench = { name: 'launch-wait', run: launchWhileChecking };
