/**
 * Secrets through Electron's safeStorage (DPAPI on Windows, Keychain on macOS, libsecret or
 * KWallet on Linux). Where the OS offers no keyring, Linux's safeStorage still "encrypts" with a
 * fixed key; that protects nothing, so the shell says so instead: the secret store then keeps
 * secrets protected by file permissions only and shows the warning where an admin sees it
 * (Inställningar, secrets status) and in the log.
 */
import type { SecretCipher } from '../main/secrets/secret-store';

/** Electron's safeStorage, as much as used here. */
export interface SafeStorageLike extends SecretCipher {
  getSelectedStorageBackend?(): string;
}

/** Linux backends that are not a keyring: the plain-text fallback, or none found. */
const NO_KEYRING = new Set(['basic_text', 'unknown']);

export interface Keyring {
  cipher: SecretCipher;
  /** Why secrets are not protected by an OS keyring on this machine, or null when they are. */
  warning: string | null;
}

export function keyringFor(safeStorage: SafeStorageLike, platform: NodeJS.Platform): Keyring {
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined;
  const usable = safeStorage.isEncryptionAvailable() && !(backend && NO_KEYRING.has(backend));
  const cipher: SecretCipher = {
    isEncryptionAvailable: () => usable && safeStorage.isEncryptionAvailable(),
    encryptString: (plain) => safeStorage.encryptString(plain),
    // Still able to read what an earlier start encrypted, so the store can rewrite it plainly.
    decryptString: (encrypted) => safeStorage.decryptString(encrypted),
  };
  if (usable) return { cipher, warning: null };
  const what =
    platform === 'linux'
      ? `no keyring was found (safeStorage backend: ${backend ?? 'unknown'}); install and unlock GNOME Keyring or KWallet and start GDial again`
      : 'the operating system keyring is not available';
  return {
    cipher,
    warning: `Secrets are not encrypted: ${what}. Until then the Twilio and ngrok tokens are protected only by the file permissions of the data directory; set them as environment variables instead if that is not enough.`,
  };
}
