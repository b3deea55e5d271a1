/** `npm run simulator -- --port 7430 [--host 127.0.0.1] [--seed N]`: the Twilio simulator on its own. */
import { parseArgs } from 'node:util';
import { startSimulator } from '../carriers/simulator';
import { createLogger } from '../log';

const USAGE = `Usage: npm run simulator -- [--port 7430] [--host 127.0.0.1] [--seed N]

Runs GDial's Twilio-compatible simulator. Point a Twilio client at the printed URL with the
printed account SID (auth token: the simulator default). Control API (same Basic auth):
  GET  /__sim/config     POST /__sim/config (JSON patch)
  GET  /__sim/records    DELETE /__sim/records
  POST /__sim/inbound    {"from","to","body","url"}`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      port: { type: 'string', default: '7430' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, not "${values.port}"`);
  if (seed !== undefined && !Number.isInteger(seed)) throw new Error(`--seed must be an integer, not "${values.seed}"`);
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'info' });
  const sim = await startSimulator(seed === undefined ? {} : { seed }, { port, host: values.host, logger });
  process.stdout.write(`GDial simulator: ${sim.url} (account ${sim.accountSid})\n`);
  const shutdown = () => {
    void sim.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`simulator: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(2);
});
