import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRETS_FILE, SecretStore } from '../main/secrets/secret-store';
import { removeDir, tempDir } from '../main/test-support/engine-fixture';
import { keyringFor, type SafeStorageLike } from './keyring';

/** Electron's safeStorage, faked at its boundary: reversible, never the plain text. */
function fakeSafeStorage(available: boolean, backend?: string): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain) => Buffer.from(`enc:${Buffer.from(plain).toString('base64')}`),
    decryptString: (encrypted) => Buffer.from(encrypted.toString().slice(4), 'base64').toString(),
    ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
  };
}

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));
const dataDir = () => {
  const d = tempDir('gdial-keyring-');
  dirs.push(d);
  return d;
};

describe('secrets on the OS keyring', () => {
  it('uses the keyring where there is one: the secrets file never holds the token', () => {
    for (const [platform, backend] of [['win32', undefined], ['darwin', undefined], ['linux', 'gnome_libsecret'], ['linux', 'kwallet6']] as const) {
      const keyring = keyringFor(fakeSafeStorage(true, backend), platform);
      expect(keyring.warning, platform).toBeNull();
      const dir = dataDir();
      const store = new SecretStore(dir, {}, keyring.cipher);
      store.set('twilioAuthToken', 'tw-secret-123');
      expect(readFileSync(path.join(dir, SECRETS_FILE), 'utf8')).not.toContain('tw-secret-123');
      expect(store.get('twilioAuthToken')).toBe('tw-secret-123');
      expect(store.status()).toMatchObject({ protection: 'os_keyring', warning: null });
    }
  });

  it("does not pass Linux's fixed-key fallback off as a keyring, and says so clearly", () => {
    for (const backend of ['basic_text', 'unknown']) {
      const keyring = keyringFor(fakeSafeStorage(true, backend), 'linux');
      expect(keyring.warning).toMatch(/Secrets are not encrypted: no keyring was found/);
      expect(keyring.warning).toContain(backend);
      expect(keyring.warning).toMatch(/GNOME Keyring or KWallet/);
      const store = new SecretStore(dataDir(), {}, keyring.cipher);
      store.set('ngrokAuthtoken', 'ng-secret');
      // The store is honest about it where an admin looks (Inställningar).
      expect(store.status()).toMatchObject({ protection: 'file_permissions' });
      expect(store.status().warning).toMatch(/unencrypted/);
    }
  });

  it('warns where the OS keyring is unavailable', () => {
    const keyring = keyringFor(fakeSafeStorage(false), 'darwin');
    expect(keyring.warning).toMatch(/operating system keyring is not available/);
    expect(keyring.cipher.isEncryptionAvailable()).toBe(false);
  });

  it('still reads what an earlier start encrypted with the fallback, and rewrites it plainly', () => {
    const dir = dataDir();
    // An older GDial took basic_text for a keyring and encrypted with it.
    new SecretStore(dir, {}, fakeSafeStorage(true)).set('twilioAuthToken', 'tw-old');
    const now = new SecretStore(dir, {}, keyringFor(fakeSafeStorage(true, 'basic_text'), 'linux').cipher);
    expect(now.get('twilioAuthToken')).toBe('tw-old');
    now.set('ngrokAuthtoken', 'ng-new');
    const file = JSON.parse(readFileSync(path.join(dir, SECRETS_FILE), 'utf8')) as { protection: string };
    expect(file.protection).toBe('plain');
    expect(now.get('twilioAuthToken')).toBe('tw-old');
  });
});
