/** Where the shell finds what it ships, in a checkout (`npm start`) and in an installed package. */
import path from 'node:path';

export interface ShellPaths {
  /** resources/ (migrations, audio): beside the app in a package (extraResources). */
  resourcesDir: string;
  /** The built console, served to the window as gdial://console/. */
  consoleDir: string;
  /** The preload, one CommonJS file. */
  preload: string;
  /** better-sqlite3 built for Electron's ABI (scripts/build-electron-native.ts). */
  nativeBinding: string;
}

export function shellPaths(o: { appPath: string; resourcesPath: string; isPackaged: boolean }): ShellPaths {
  // A native module is loaded by the OS, which cannot read inside app.asar: it is unpacked
  // (asarUnpack in electron-builder.yml) and loaded from there.
  const unpacked = o.isPackaged ? o.appPath.replace(/app\.asar$/, 'app.asar.unpacked') : o.appPath;
  return {
    resourcesDir: o.isPackaged ? path.join(o.resourcesPath, 'resources') : path.join(o.appPath, 'resources'),
    consoleDir: path.join(o.appPath, 'dist', 'renderer'),
    preload: path.join(o.appPath, 'dist', 'electron', 'preload.cjs'),
    nativeBinding: path.join(unpacked, 'dist', 'native', 'better_sqlite3.node'),
  };
}
