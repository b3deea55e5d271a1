/**
 * Secrets (the Twilio auth token, the ngrok authtoken): never in the database, never in logs,
 * never returned to a console. They live in one file in the data directory, readable only by
 * this OS user, and encrypted by the OS keyring when the host offers one (the desktop shell
 * passes Electron's safeStorage as the cipher). `GDIAL_<NAME>` environment variables win, for
 * headless installs.
 */
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { secretNames, type SecretName, type SecretsStatus } from '../contract';
import { envNameOf } from '../contract/settings';

/** Encryption by the OS keyring (Electron's safeStorage has exactly this shape). */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export const SECRETS_FILE = 'secrets.json';

/**
 * Secrets the engine makes and uses itself. They share the file (and its protection) with the
 * console's secrets but are never listed, set or cleared from a console.
 */
export const internalSecretNames = ['auditKey'] as const;
export type InternalSecretName = (typeof internalSecretNames)[number];
type AnySecretName = SecretName | InternalSecretName;
const allNames: readonly AnySecretName[] = [...secretNames, ...internalSecretNames];

interface StoredFile {
  /** 'keyring': values are base64 of the cipher's output; 'plain': values as they are. */
  protection: 'keyring' | 'plain';
  values: Partial<Record<AnySecretName, string>>;
}

export class SecretStore {
  private readonly file: string;
  private readonly listeners = new Set<(name: SecretName) => void>();

  constructor(
    dataDir: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly cipher: SecretCipher | null = null,
  ) {
    this.file = path.join(dataDir, SECRETS_FILE);
  }

  private get keyring(): boolean {
    return this.cipher?.isEncryptionAvailable() === true;
  }

  private read(): StoredFile {
    if (!existsSync(this.file)) return { protection: this.keyring ? 'keyring' : 'plain', values: {} };
    return JSON.parse(readFileSync(this.file, 'utf8')) as StoredFile;
  }

  private write(data: StoredFile): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(data, null, 2), { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.file);
  }

  /** The value from the environment or the store; null when there is none. */
  get(name: AnySecretName): string | null {
    const fromEnv = this.env[envNameOf(name)];
    if (fromEnv) return fromEnv;
    const data = this.read();
    const stored = data.values[name];
    if (!stored) return null;
    if (data.protection === 'plain') return stored;
    if (!this.cipher) throw new Error(`${SECRETS_FILE} is encrypted by the OS keyring; open GDial on the desktop to use it`);
    try {
      return this.cipher.decryptString(Buffer.from(stored, 'base64'));
    } catch {
      // A secrets file from another computer or OS user: its keyring is not this one's.
      throw new Error(`${name} cannot be read here (${SECRETS_FILE} was encrypted on another computer or for another user): enter it again in Inställningar`);
    }
  }

  set(name: SecretName, value: string): void {
    this.store(name, value);
    this.changed(name);
  }

  clear(name: SecretName): void {
    const data = this.read();
    const plain = Object.fromEntries(allNames.filter((n) => n !== name).map((n) => [n, this.storedPlain(data, n)]).filter(([, v]) => v));
    this.writeAll(plain as Partial<Record<AnySecretName, string>>);
    this.changed(name);
  }

  /** Stores an engine-made secret (never from a console). Throws when the store cannot be written here. */
  setInternal(name: InternalSecretName, value: string): void {
    this.store(name, value);
  }

  private store(name: AnySecretName, value: string): void {
    const data = this.read();
    // Re-encode everything in one protection: a file never mixes plain and encrypted values.
    const plain = Object.fromEntries(allNames.map((n) => [n, n === name ? value : this.storedPlain(data, n)]).filter(([, v]) => v));
    this.writeAll(plain as Partial<Record<AnySecretName, string>>);
  }

  onChange(listener: (name: SecretName) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): SecretsStatus {
    const data = this.read();
    return {
      protection: this.keyring ? 'os_keyring' : 'file_permissions',
      warning: this.keyring
        ? null
        : `Secrets are stored unencrypted in ${this.file}, readable only by this operating-system user. Protect the data directory, or set them as environment variables.`,
      secrets: secretNames.map((name) => ({
        name,
        source: this.env[envNameOf(name)] ? 'environment' : data.values[name] ? 'store' : 'none',
      })),
    };
  }

  private storedPlain(data: StoredFile, name: AnySecretName): string | undefined {
    const stored = data.values[name];
    if (!stored || data.protection === 'plain') return stored;
    // Never rewrite a keyring-encrypted file without the keyring: the other secrets would be lost.
    if (!this.cipher) throw new Error(`${SECRETS_FILE} is encrypted by the OS keyring; open GDial on the desktop to change it`);
    return this.cipher.decryptString(Buffer.from(stored, 'base64'));
  }

  private writeAll(plain: Partial<Record<AnySecretName, string>>): void {
    const keyring = this.keyring;
    const values: Partial<Record<AnySecretName, string>> = {};
    for (const [name, value] of Object.entries(plain) as Array<[AnySecretName, string]>) {
      values[name] = keyring ? this.cipher!.encryptString(value).toString('base64') : value;
    }
    this.write({ protection: keyring ? 'keyring' : 'plain', values });
  }

  private changed(name: SecretName): void {
    for (const listener of this.listeners) listener(name);
  }
}
