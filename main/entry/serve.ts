/** `npm run serve`: the engine headless, with the console at http://127.0.0.1:<port>. */
import { readServeOptions, SERVE_USAGE } from '../config/serve-options';
import { startEngine } from '../engine';
import { AppError } from '../errors';
import { createLogger } from '../log';

async function main() {
  const options = readServeOptions(process.argv.slice(2), process.env);
  if (options.help) {
    process.stdout.write(`${SERVE_USAGE}\n`);
    return;
  }
  const logger = createLogger({ level: options.logLevel, dataDir: options.dataDir });
  const engine = await startEngine({ dataDir: options.dataDir, port: options.port, env: process.env, logger });
  // The one line on stdout: scripts and tests wait for it.
  process.stdout.write(`GDial: ${engine.url}\n`);
  const shutdown = async () => {
    await engine.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  const message = error instanceof AppError ? error.message : String((error as Error)?.stack ?? error);
  process.stderr.write(`GDial could not start: ${message}\n`);
  process.exit(error instanceof AppError && error.kind === 'conflict' ? 3 : 1);
});
