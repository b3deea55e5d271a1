/** Where GDial keeps things on disk, the same folders the desktop shell uses. */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The per-user application data folder for "GDial" (what Electron calls userData). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'GDial');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'GDial');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'GDial');
}

/** The repository's (or the packaged app's) resources folder, found by walking up from here. */
export function findResourcesDir(start = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'resources', 'migrations');
    if (existsSync(candidate)) return path.join(dir, 'resources');
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`resources/migrations not found above ${start}`);
    dir = parent;
  }
}

export function findConsoleDir(resourcesDir: string): string {
  return path.join(path.dirname(resourcesDir), 'dist', 'renderer');
}

export const DATABASE_FILE = 'gdial.db';
