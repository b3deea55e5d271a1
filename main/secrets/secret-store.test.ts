import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRETS_FILE, SecretStore, type SecretCipher } from './secret-store';

let dir: string;
const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'gdial-secrets-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Stands in for Electron's safeStorage (the OS keyring cannot run here): reversible, not plain. */
const keyring: SecretCipher = {
  isEncryptionAvailable: () => true,
  encryptString: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
  decryptString: (encrypted) => Buffer.from(encrypted.map((b) => b ^ 0x5a)).toString('utf8'),
};

describe('SecretStore', () => {
  it('keeps secrets in a file only its owner can read, and never shows them in its status', () => {
    dir = tempDir();
    const store = new SecretStore(dir, {});
    store.set('twilioAuthToken', 'token-value-123');
    expect(store.get('twilioAuthToken')).toBe('token-value-123');
    const file = path.join(dir, SECRETS_FILE);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    const status = store.status();
    expect(status.protection).toBe('file_permissions');
    expect(status.warning).toContain(file);
    expect(status.secrets).toEqual([
      { name: 'twilioAuthToken', source: 'store' },
      { name: 'ngrokAuthtoken', source: 'none' },
    ]);
    expect(JSON.stringify(status)).not.toContain('token-value-123');
    store.clear('twilioAuthToken');
    expect(store.get('twilioAuthToken')).toBeNull();
  });

  it('lets the environment win, and says where a value comes from', () => {
    dir = tempDir();
    const store = new SecretStore(dir, { GDIAL_NGROK_AUTHTOKEN: 'from-env' });
    store.set('ngrokAuthtoken', 'stored');
    expect(store.get('ngrokAuthtoken')).toBe('from-env');
    expect(store.status().secrets.find((s) => s.name === 'ngrokAuthtoken')!.source).toBe('environment');
  });

  it('encrypts with the OS keyring when there is one: the file never holds the plain value', () => {
    dir = tempDir();
    const store = new SecretStore(dir, {}, keyring);
    store.set('twilioAuthToken', 'very-secret-token');
    store.set('ngrokAuthtoken', 'ngrok-secret');
    expect(readFileSync(path.join(dir, SECRETS_FILE), 'utf8')).not.toContain('very-secret');
    expect(store.get('twilioAuthToken')).toBe('very-secret-token');
    expect(store.status()).toMatchObject({ protection: 'os_keyring', warning: null });
  });

  it('refuses to rewrite a keyring-encrypted file without the keyring, rather than lose the other secrets', () => {
    dir = tempDir();
    new SecretStore(dir, {}, keyring).set('ngrokAuthtoken', 'ngrok-secret');
    const headless = new SecretStore(dir, {});
    expect(() => headless.set('twilioAuthToken', 'x')).toThrow(/keyring/);
    expect(new SecretStore(dir, {}, keyring).get('ngrokAuthtoken')).toBe('ngrok-secret');
  });

  it('says to enter a secret again when the file was encrypted by another computer’s keyring', () => {
    dir = tempDir();
    new SecretStore(dir, {}, keyring).set('twilioAuthToken', 'from-the-old-pc');
    const otherKeyring: SecretCipher = { ...keyring, decryptString: () => { throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.'); } };
    expect(() => new SecretStore(dir, {}, otherKeyring).get('twilioAuthToken')).toThrow(/twilioAuthToken cannot be read here.*enter it again/);
  });

  it('tells listeners which secret changed', () => {
    dir = tempDir();
    const store = new SecretStore(dir, {});
    const heard: string[] = [];
    store.onChange((name) => heard.push(name));
    store.set('ngrokAuthtoken', 'a');
    store.clear('ngrokAuthtoken');
    expect(heard).toEqual(['ngrokAuthtoken', 'ngrokAuthtoken']);
  });

  it('keeps the engine\'s own audit key through console changes, and never lists it', () => {
    dir = tempDir();
    const store = new SecretStore(dir, {}, keyring);
    store.setInternal('auditKey', 'audit-key-value');
    store.set('twilioAuthToken', 'token');
    store.clear('twilioAuthToken');
    expect(store.get('auditKey')).toBe('audit-key-value');
    expect(readFileSync(path.join(dir, SECRETS_FILE), 'utf8')).not.toContain('audit-key-value');
    expect(store.status().secrets.map((s) => s.name)).toEqual(['twilioAuthToken', 'ngrokAuthtoken']);
    expect(new SecretStore(dir, { GDIAL_AUDIT_KEY: 'from-env' }, keyring).get('auditKey')).toBe('from-env');
  });
});
