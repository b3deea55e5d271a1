/**
 * A long-lived helper process that talks to the engine by messages. Under Node it is
 * child_process.fork. The packaged Electron app turns ELECTRON_RUN_AS_NODE off (a fuse, so that
 * its binary is never a general-purpose Node), and fork depends on it; the shell therefore hands
 * in a launcher built on Electron's utilityProcess (setChildLauncher), which main/ cannot import.
 */
import { fork } from 'node:child_process';
import { workerEntry, type WorkerName } from './worker-entry';

export interface ChildHandle {
  readonly pid: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the process is gone, however it went. */
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}

/** Starts `file` (with `execArgv` for the runtime) as a child process. */
export type ChildLauncher = (file: string, execArgv: string[]) => ChildHandle;

export const nodeLauncher: ChildLauncher = (file, execArgv) => {
  const child = fork(file, [], {
    execArgv,
    // Structured clone: audio travels as bytes, not as JSON arrays of numbers.
    serialization: 'advanced',
    // Its stdout is not ours to print; its stderr goes where the engine's does (a crash explains itself).
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  // The engine's process may end while this one idles; the parent's exit then ends it ('disconnect').
  child.unref();
  child.channel?.unref();
  let exited = false;
  const exitListeners: Array<(code: number | null) => void> = [];
  const exit = (code: number | null) => {
    if (exited) return;
    exited = true;
    for (const l of exitListeners) l(code);
  };
  child.once('exit', (code) => exit(code));
  // A failed spawn emits 'error' and maybe never 'exit'.
  child.once('error', () => exit(null));
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => {
      if (child.connected) child.send(message as object);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => exitListeners.push(listener),
    kill: () => {
      child.kill('SIGKILL');
    },
  };
};

let launcher: ChildLauncher = nodeLauncher;

/** The Electron shell sets its utilityProcess launcher here before the engine starts. */
export function setChildLauncher(next: ChildLauncher): void {
  launcher = next;
}

export function launchChild(name: WorkerName): ChildHandle {
  const { file, execArgv } = workerEntry(name);
  return launcher(file, execArgv);
}

/**
 * The child's side: messages from the parent, and a way to answer, whether it was started by
 * child_process.fork (process.send) or by Electron's utilityProcess (process.parentPort).
 */
export interface ParentChannel {
  onMessage(listener: (message: unknown) => void): void;
  send(message: unknown): void;
}

interface UtilityParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

export function parentChannel(): ParentChannel {
  const port = (process as unknown as { parentPort?: UtilityParentPort }).parentPort;
  if (port) return { onMessage: (l) => port.on('message', (e) => l(e.data)), send: (m) => port.postMessage(m) };
  if (!process.send) throw new Error('started without a parent to talk to');
  // The engine is gone (it crashed or was killed): nothing is left to serve.
  process.on('disconnect', () => process.exit(0));
  return {
    onMessage: (l) => process.on('message', l),
    // A reply racing the engine's exit finds the channel closed: with a callback that is an
    // ignored error, not an unhandled 'error' event (EPIPE) that ends this process noisily.
    send: (m) => {
      if (process.connected) process.send?.(m, undefined, undefined, () => {});
    },
  };
}
