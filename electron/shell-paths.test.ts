import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shellPaths } from './shell-paths';

describe('shell paths', () => {
  it('in a checkout (npm start): everything under the repository', () => {
    const p = shellPaths({ appPath: '/src/gdial', resourcesPath: '/src/gdial/node_modules/electron/dist/resources', isPackaged: false });
    expect(p).toEqual({
      resourcesDir: path.join('/src/gdial', 'resources'),
      consoleDir: path.join('/src/gdial', 'dist', 'renderer'),
      preload: path.join('/src/gdial', 'dist', 'electron', 'preload.cjs'),
      nativeBinding: path.join('/src/gdial', 'dist', 'native', 'better_sqlite3.node'),
    });
  });

  it('installed: code in app.asar, the native module unpacked beside it, resources beside both', () => {
    const res = '/Applications/GDial.app/Contents/Resources';
    const p = shellPaths({ appPath: `${res}/app.asar`, resourcesPath: res, isPackaged: true });
    expect(p.consoleDir).toBe(path.join(res, 'app.asar', 'dist', 'renderer'));
    expect(p.preload).toBe(path.join(res, 'app.asar', 'dist', 'electron', 'preload.cjs'));
    expect(p.nativeBinding).toBe(path.join(res, 'app.asar.unpacked', 'dist', 'native', 'better_sqlite3.node'));
    expect(p.resourcesDir).toBe(path.join(res, 'resources'));
  });
});
