/** Runs one of GDial's entry points as its own process, the way an admin or a script would. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { findResourcesDir } from '../config/paths';

export const REPO = path.dirname(findResourcesDir());
const ENTRY = (name: 'serve' | 'cli') => path.join(REPO, 'main', 'entry', `${name}.ts`);

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', ENTRY('cli'), ...args], {
    cwd: REPO,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Like runCli, but leaves this process's event loop free (so an in-process engine keeps working). */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY('cli'), ...args], {
    cwd: REPO,
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** Starts `serve`, resolving with its URL once it prints it; rejects with its stderr if it exits. */
export function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY('serve'), ...args], {
    cwd: REPO,
    env: { ...process.env, GDIAL_LOG_LEVEL: 'warn', GDIAL_WEBHOOK_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      const match = /^GDial: (http:\/\/\S+)$/m.exec(stdout);
      if (match)
        resolve({
          child,
          url: match[1]!,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
    });
    child.once('exit', (code) => reject(Object.assign(new Error(`serve exited ${code}: ${stderr}`), { code, stderr })));
  });
}
