/**
 * Writes the installer icon (resources/build/icon.png, 1024 px; electron-builder makes the .ico
 * and .icns from it) from the same drawing code as the tray icons. Run after changing
 * electron/tray-icon.ts: `npx tsx scripts/make-icons.ts`; the result is committed.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appIconPng } from '../electron/tray-icon';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const APP_ICON = path.join(root, 'resources', 'build', 'icon.png');

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(APP_ICON, appIconPng(1024));
  process.stdout.write(`Wrote ${APP_ICON}\n`);
}
