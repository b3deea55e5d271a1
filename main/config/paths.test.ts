import path from 'node:path';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from './paths';
import { readServeOptions } from './serve-options';

describe('default data directory', () => {
  it('is the per-user application data folder named GDial on each OS', () => {
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\op\\AppData\\Roaming' }, 'win32')).toBe(path.join('C:\\Users\\op\\AppData\\Roaming', 'GDial'));
    expect(defaultDataDir({}, 'darwin')).toBe(path.join(os.homedir(), 'Library', 'Application Support', 'GDial'));
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/home/op/.cfg' }, 'linux')).toBe('/home/op/.cfg/GDial');
    expect(defaultDataDir({}, 'linux')).toBe(path.join(os.homedir(), '.config', 'GDial'));
  });
});

describe('serve options', () => {
  it('prefers flags over GDIAL_ variables over defaults', () => {
    expect(readServeOptions(['--port', '9000'], { GDIAL_PORT: '8000', GDIAL_DATA_DIR: '/d' })).toMatchObject({ port: 9000, dataDir: '/d' });
    expect(readServeOptions([], { GDIAL_PORT: '8000' }).port).toBe(8000);
    expect(readServeOptions([], {}).port).toBe(7420);
  });

  it('refuses a bad port or an unknown flag with a clear message', () => {
    expect(() => readServeOptions(['--port', 'abc'], {})).toThrow(/--port: "abc" is not a port number/);
    expect(() => readServeOptions([], { GDIAL_PORT: '70000' })).toThrow(/GDIAL_PORT/);
    expect(() => readServeOptions(['--prot', '1'], {})).toThrow(/Usage: npm run serve/);
  });
});
