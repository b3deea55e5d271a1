/**
 * electron-builder.yml, parsed (not grepped) and checked against what installers are promised:
 * every fuse, every target, signing only from the environment, the native module unpacked and
 * the shipped resources present. electron-builder's own schema validates it too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { distPlan } from '../scripts/dist-config';
import { shellPaths } from './shell-paths';

const require = createRequire(import.meta.url);
// electron-builder's own internals, reached the way it reaches them (not a dependency of ours).
const builderRequire = createRequire(require.resolve('electron-builder/package.json'));
const libRequire = createRequire(builderRequire.resolve('app-builder-lib/package.json'));
const { validateConfiguration } = libRequire('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, debug: { isEnabled: boolean; add(): void }): Promise<void>;
};
const scheme = libRequire('app-builder-lib/scheme.json') as { definitions: Record<string, { properties: Record<string, unknown> }> };
const { FuseV1Options } = libRequire('@electron/fuses') as { FuseV1Options: Record<string, number | string> };
/** The glob matcher electron-builder applies to asarUnpack. */
const { minimatch } = libRequire('minimatch') as { minimatch(file: string, glob: string, opts?: { dot?: boolean }): boolean };

type Target = string | { target: string };
interface Config {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  extraResources: Array<{ from: string; to: string; filter?: string[] }>;
  npmRebuild: boolean;
  nodeGypRebuild: boolean;
  electronFuses: Record<string, unknown>;
  publish: Array<{ provider: string; url: string }>;
  win: Record<string, unknown> & { target: Target[]; signtoolOptions: { signingHashAlgorithms: string[]; rfc3161TimeStampServer: string } };
  nsis: Record<string, unknown>;
  mac: Record<string, unknown> & { target: Target[]; entitlements: string; entitlementsInherit: string };
  linux: Record<string, unknown> & { target: Target[] };
  directories: { buildResources: string; output: string };
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const text = readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
const config = parse(text) as Config;
const targets = (list: Target[]) => list.map((t) => (typeof t === 'string' ? t : t.target));
const lowerFirst = (s: string) => s[0]!.toLowerCase() + s.slice(1);

describe('electron-builder.yml', () => {
  it('is valid for the installed electron-builder, also with the signing the environment adds', async () => {
    const debug = { isEnabled: false, add: () => undefined };
    await expect(validateConfiguration(structuredClone(config), debug)).resolves.toBeUndefined();
    const azure = distPlan('win', {
      AZURE_SIGNING_ENDPOINT: 'https://weu.codesigning.azure.net',
      AZURE_SIGNING_ACCOUNT: 'gdial',
      AZURE_SIGNING_PROFILE: 'gdial-public',
      AZURE_SIGNING_PUBLISHER: 'GDial AB',
      AZURE_TENANT_ID: 't',
      AZURE_CLIENT_ID: 'c',
      AZURE_CLIENT_SECRET: 's',
      GDIAL_REQUIRE_SIGNING: '1',
    });
    const merged = { ...structuredClone(config), ...azure.overrides, win: { ...config.win, ...(azure.overrides.win as object) } };
    await expect(validateConfiguration(merged, debug)).resolves.toBeUndefined();
  });

  it('names the app GDial', () => {
    expect(config.productName).toBe('GDial');
    expect(config.appId).toBe('se.gdial.desktop');
  });

  it('states every fuse electron-builder and @electron/fuses know, each as a boolean', () => {
    const known = new Set([
      ...Object.keys(scheme.definitions.FuseOptionsV1!.properties),
      // The enum's names, as electron-builder spells them (RunAsNode → runAsNode).
      ...Object.keys(FuseV1Options)
        .filter((k) => Number.isNaN(Number(k)))
        .map(lowerFirst),
    ]);
    for (const fuse of known) expect(typeof config.electronFuses[fuse], `fuse ${fuse}`).toBe('boolean');
    expect(Object.keys(config.electronFuses).sort()).toEqual([...known].sort());
  });

  it('sets the fuses GDial needs', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      // The console comes from gdial://console/, so file:// needs no extra powers.
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds NSIS for Windows that offers per-user and per-machine installs', () => {
    expect(targets(config.win.target)).toEqual(['nsis']);
    // One assisted installer with the install-mode page: per user, or per machine with elevation.
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true });
    expect(config.nsis.deleteAppDataOnUninstall).toBe(false);
  });

  it('signs Windows builds only with credentials from the environment', () => {
    for (const key of ['cscLink', 'cscKeyPassword', 'certificateFile', 'certificatePassword', 'certificateSha1', 'azureSignOptions']) {
      expect(config.win, key).not.toHaveProperty(key);
      expect(config.win.signtoolOptions, key).not.toHaveProperty(key);
    }
    expect(text).not.toMatch(/-----BEGIN|\.pfx|\.p12/);
    expect(config.win.signtoolOptions.signingHashAlgorithms).toEqual(['sha256']);
    expect(config.win.signtoolOptions.rfc3161TimeStampServer).toMatch(/^https?:\/\//);
    expect(config.win.verifyUpdateCodeSignature).toBe(true);
  });

  it('builds a dmg and a zip for macOS with the hardened runtime, its entitlements and notarization', () => {
    expect(targets(config.mac.target).sort()).toEqual(['dmg', 'zip']);
    expect(config.mac.hardenedRuntime).toBe(true);
    // notarize: true notarizes when the APPLE_* variables are set (scripts/dist-config.ts says which).
    expect(config.mac.notarize).toBe(true);
    for (const file of [config.mac.entitlements, config.mac.entitlementsInherit]) {
      const plist = readFileSync(path.join(root, file), 'utf8');
      expect(plist).toContain('<key>com.apple.security.cs.allow-jit</key>');
      // Nothing the console does not need.
      expect(plist).not.toMatch(/device\.(camera|audio-input|usb|bluetooth)|personal-information/);
    }
    expect(existsSync(path.join(root, config.directories.buildResources, 'icon.png'))).toBe(true);
  });

  it('builds an AppImage and a deb for Linux', () => {
    expect(targets(config.linux.target).sort()).toEqual(['AppImage', 'deb']);
    expect(config.linux.maintainer).toMatch(/<.+@.+>/);
  });

  it('never rebuilds node_modules (the tests keep Node’s better-sqlite3) and unpacks the Electron build', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
    // The file the shell loads, as it is laid out in the package.
    const res = '/opt/GDial/resources';
    const binding = shellPaths({ appPath: `${res}/app.asar`, resourcesPath: res, isPackaged: true }).nativeBinding;
    const inPackage = path.relative(`${res}/app.asar.unpacked`, binding).split(path.sep).join('/');
    expect(inPackage).toBe('dist/native/better_sqlite3.node');
    expect(config.asarUnpack.some((glob) => minimatch(inPackage, glob, { dot: true }))).toBe(true);
    expect(config.files).toContain('dist/**/*');
    expect(config.files).toContain('!dist/native-build{,/**/*}');
  });

  it('ships the migrations, the audio and the CAP schema beside the app, where the shell looks for them', () => {
    const res = '/opt/GDial/resources';
    const resourcesDir = shellPaths({ appPath: `${res}/app.asar`, resourcesPath: res, isPackaged: true }).resourcesDir;
    const shipped = new Map(config.extraResources.map((r) => [r.to, r.from]));
    for (const dir of ['migrations', 'audio', 'cap']) {
      const to = path.relative(res, path.join(resourcesDir, dir)).split(path.sep).join('/');
      expect(shipped.get(to), dir).toBe(`resources/${dir}`);
      expect(existsSync(path.join(root, 'resources', dir)), dir).toBe(true);
    }
    expect(existsSync(path.join(root, 'resources', 'migrations', 'meta', '_journal.json'))).toBe(true);
  });

  it('writes update metadata for a generic server without naming one (the setting does)', () => {
    expect(config.publish).toEqual([{ provider: 'generic', url: expect.stringMatching(/\.invalid\//) }]);
  });
});
