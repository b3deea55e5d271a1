/**
 * The engine's helper processes (the espeak-ng speech process) in the desktop app. The packaged
 * app turns the ELECTRON_RUN_AS_NODE fuse off (electron-builder.yml), and child_process.fork
 * depends on it, so the shell starts them as Electron utility processes: Node processes of their
 * own, launched by Chromium's service API, that read the app's files from app.asar.
 */
import type { ForkOptions, UtilityProcess } from 'electron';
import type { ChildHandle, ChildLauncher } from '../main/workers/child-process';

export type UtilityFork = (modulePath: string, args?: string[], options?: ForkOptions) => UtilityProcess;

export function utilityLauncher(fork: UtilityFork): ChildLauncher {
  return (file, execArgv) => {
    const child = fork(file, [], { execArgv, stdio: 'inherit', serviceName: 'GDial speech' });
    let exited = false;
    const exitListeners: Array<(code: number | null) => void> = [];
    const exit = (code: number | null) => {
      if (exited) return;
      exited = true;
      for (const l of exitListeners) l(code);
    };
    child.on('exit', (code) => exit(code));
    const handle: ChildHandle = {
      get pid() {
        return child.pid;
      },
      send: (message) => {
        if (!exited) child.postMessage(message);
      },
      onMessage: (listener) => child.on('message', (message: unknown) => listener(message)),
      onExit: (listener) => exitListeners.push(listener),
      kill: () => {
        child.kill();
      },
    };
    return handle;
  };
}
