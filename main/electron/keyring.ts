import type { SafeStorage } from 'electron';
import type { Keyring } from '../handlers/secret-vault.ts';

/**
 * safeStorage as the vault's keyring. On Linux without a secret service, Electron falls back to
 * "basic_text", a hard-coded key that protects nothing: that counts as no keyring, so passwords
 * then stay in memory only.
 */
export function electronKeyring(safeStorage: SafeStorage, platform = process.platform): Keyring {
  return {
    isAvailable: () => safeStorage.isEncryptionAvailable() && !(platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'),
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  };
}
