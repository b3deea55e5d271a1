/**
 * Who a pid is, beyond the number: a pid is reused, after a reboot almost at once, so a lock file
 * naming a pid says nothing unless the process with that pid now is the one that wrote it.
 *
 * - Linux: the boot id plus the process's start time in clock ticks since boot (/proc/<pid>/stat,
 *   field 22). Exact, and different after every reboot.
 * - macOS and other Unixes: the start time as `ps -o lstart=` prints it (to the second).
 * - Windows: no cheap way without native code; `null` (unknown). The boot-time check in
 *   data-dir-lock.ts still catches the common case there: a lock older than the last boot.
 *
 * A zombie (exited, not yet reaped by its parent) still answers `kill(pid, 0)`, but is no engine.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ProcessState {
  /** A string that differs for two processes that had the same pid; null if it cannot be known here. */
  identity: string | null;
  /** The process has exited but its parent has not collected it yet. */
  zombie: boolean;
}

function linuxState(pid: number): ProcessState | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces or ')'.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = rest[0];
  const startTicks = rest[22 - 3];
  let bootId = '';
  try {
    bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    // A sandbox without it: the start time alone still tells reused pids apart within one boot.
  }
  return { identity: startTicks ? `linux:${bootId}:${startTicks}` : null, zombie: state === 'Z' };
}

function psState(pid: number): ProcessState | null {
  try {
    const out = execFileSync('ps', ['-o', 'stat=', '-o', 'lstart=', '-p', String(pid)], {
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C' },
      timeout: 5_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (!out) return null;
    const [stat = '', ...start] = out.split(/\s+/);
    return { identity: `ps:${start.join(' ')}`, zombie: stat.startsWith('Z') };
  } catch {
    return null;
  }
}

/** The state of `pid` now, or null if there is no such process (or it cannot be looked at). */
export function processState(pid: number, platform: NodeJS.Platform = process.platform): ProcessState | null {
  if (platform === 'linux') return linuxState(pid);
  if (platform === 'win32') return { identity: null, zombie: false };
  return psState(pid);
}
