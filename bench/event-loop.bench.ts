/**
 * How long the engine's event loop is held up while it is busiest: a 2,000-recipient voice alert
 * going out to the simulator (in its own process, as in the dispatch bench: the engine keeps its
 * core), with a contact import and a speech synthesis running at the same time. Reported as the
 * 99th percentile of perf_hooks.monitorEventLoopDelay over that whole stretch (goal ≤ 20 ms):
 * what a webhook or a console click may have to wait. Parsing the import (a worker thread),
 * speech (its own process) and backup checks (a worker thread) are what keep it low.
 *
 * A loaded machine delays every loop, the engine's or not, so the same figure is taken in an idle
 * Node process over the same stretch (event_loop_idle_p99_ms): the baseline that says how much of
 * the engine's figure is the machine's.
 */
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { bytesSource, uploadImportFile } from '../main/contacts/upload-file';
import { bookWithGroup, draft, waitForAlert } from '../main/test-support/alert-fixture';
import { startTestEngine } from '../main/test-support/engine-fixture';
import { externalSimulator, NO_PACING } from './dispatch.bench';
import { round, type Bench } from './harness';

/** An idle Node process that measures its own event-loop delay until its stdin closes, then prints the p99 (ms). */
function idleBaseline(): { stop: () => Promise<number> } {
  const code = `const h = require('node:perf_hooks').monitorEventLoopDelay({ resolution: 5 }); h.enable();
    process.stdin.resume(); process.stdin.on('end', () => { h.disable(); process.stdout.write(String(h.percentile(99) / 1e6)); });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    stop: async () => {
      child.stdin.end();
      await exited;
      return Number(out);
    },
  };
}

const RECIPIENTS = 2000;
const IMPORT_ROWS = 10_000;

function importCsv(): string {
  const lines = ['namn;mobil;grupp'];
  for (let i = 0; i < IMPORT_ROWS; i++) lines.push(`Reserv ${i};070-${String(3_000_000 + i).replace(/^(\d{3})(\d{2})/, '$1 $2 ')};Reserv ${i % 10}`);
  return lines.join('\r\n');
}

export const eventLoopBench: Bench = {
  name: 'event-loop',
  run: async () => {
    const sim = await externalSimulator();
    const t = await startTestEngine({ env: { ...NO_PACING, GDIAL_SIMULATOR_URL: sim.url, GDIAL_IMPORT_MAX_ROWS: String(IMPORT_ROWS) } });
    try {
      const op = await t.signedIn('operator');
      const { groupId } = await bookWithGroup(t, op, RECIPIENTS);
      const csv = importCsv();

      const idle = idleBaseline();
      const delay = monitorEventLoopDelay({ resolution: 5 });
      delay.enable();
      const alert = await t.call(op, 'alerts.launch', { launchKey: 'bench-event-loop', draft: draft(groupId, { voiceText: 'Brand i Åby industriområde. Samling vid stationen genast. Tryck 1 om du kommer.' }) });
      const importing = (async () => {
        const uploadId = await uploadImportFile((method, input) => t.call(op, method, input), bytesSource('reserv.csv', csv));
        const report = await t.call(op, 'contacts.importPreview', { uploadId, rowLimit: 100 });
        const done = await t.call(op, 'contacts.importCommit', { importId: report.importId });
        if (done.created !== IMPORT_ROWS) throw new Error(`bench import created ${done.created} of ${IMPORT_ROWS}`);
      })();
      // A text no cache holds: a real synthesis while the alert and the import run.
      const speaking = t.call(op, 'tts.preview', { text: `Övning ${Date.now()}: samling vid stationen i Åby klockan fjorton.`, language: 'sv', drill: false });
      const [settled] = await Promise.all([
        waitForAlert(t, op, alert.id, (a) => a.counters.queued === 0 && a.counters.dialling === 0, 300_000),
        importing,
        speaking,
      ]);
      delay.disable();
      const idleP99 = await idle.stop();
      if (settled.counters.queued !== 0) throw new Error('bench alert did not go out');
      return {
        event_loop_p99_ms: round(delay.percentile(99) / 1e6, 1),
        event_loop_max_ms: round(delay.max / 1e6, 1),
        event_loop_idle_p99_ms: round(idleP99, 1),
      };
    } finally {
      await t.stop();
      sim.stop();
    }
  },
};
