import { parseArgs } from 'node:util';
import { failoverBench } from './cluster.bench';
import { contactsBench } from './contacts.bench';
import { dispatchBench } from './dispatch.bench';
import { eventLoopBench } from './event-loop.bench';
import { foundationBench } from './foundation.bench';
import { launchWaitBench } from './launch-wait.bench';
import { metricsBench } from './metrics.bench';
import { postgresBench } from './postgres.bench';
import { webhooksBench } from './webhooks.bench';
import type { Bench, Figures } from './harness';
import { ttsBench } from './tts.bench';

// tts first: its figures are measured before the other benches have warmed or loaded the machine.
const benches: Bench[] = [ttsBench, foundationBench, contactsBench, dispatchBench, launchWaitBench, webhooksBench, metricsBench, eventLoopBench, postgresBench, failoverBench];

const { values } = parseArgs({ options: { json: { type: 'boolean' }, only: { type: 'string' } } });
const only = values.only?.split(',');
const figures: Figures = {};
for (const bench of benches) {
  if (only && !only.includes(bench.name)) continue;
  if (!values.json) process.stderr.write(`bench: ${bench.name}…\n`);
  Object.assign(figures, await bench.run());
}
if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
else for (const [name, value] of Object.entries(figures)) process.stdout.write(`${name.padEnd(28)} ${value}\n`);
