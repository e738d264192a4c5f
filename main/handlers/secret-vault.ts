import type Database from 'better-sqlite3';

/**
 * The OS keyring as Electron's safeStorage offers it. Injected, so handlers never import Electron
 * and tests can stand in for it.
 */
export interface Keyring {
  /** False when the OS offers no real keyring (Linux's "basic_text" fallback counts as none). */
  isAvailable(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

/**
 * Bind passwords: they arrive from the form and never go back. With a real keyring a remembered
 * password is stored encrypted by it; without one it lives only in this process's memory and is
 * asked again next session. Nothing here ever writes a password in clear.
 */
export class SecretVault {
  private readonly memory = new Map<number, string>();
  private readonly db: Database.Database;
  private readonly keyring: Keyring;

  constructor(db: Database.Database, keyring: Keyring) {
    this.db = db;
    this.keyring = keyring;
  }

  get storage(): 'keyring' | 'memory-only' {
    return this.keyring.isAvailable() ? 'keyring' : 'memory-only';
  }

  /** Keeps the password for this session, and across sessions when remembered and a keyring exists. */
  put(profileId: number, password: string, remember: boolean): void {
    this.memory.set(profileId, password);
    const sealed = remember && this.keyring.isAvailable() ? this.keyring.encrypt(password) : null;
    this.db.prepare('UPDATE connection_profiles SET encrypted_secret = ? WHERE id = ?').run(sealed, profileId);
  }

  get(profileId: number): string | undefined {
    const held = this.memory.get(profileId);
    if (held !== undefined) return held;
    const row = this.db.prepare('SELECT encrypted_secret FROM connection_profiles WHERE id = ?').get(profileId) as { encrypted_secret: Buffer | null } | undefined;
    if (!row?.encrypted_secret || !this.keyring.isAvailable()) return undefined;
    return this.keyring.decrypt(row.encrypted_secret);
  }

  where(profileId: number): 'none' | 'keyring' | 'memory' {
    const row = this.db.prepare('SELECT encrypted_secret IS NOT NULL AS sealed FROM connection_profiles WHERE id = ?').get(profileId) as { sealed: number } | undefined;
    if (row?.sealed) return 'keyring';
    return this.memory.has(profileId) ? 'memory' : 'none';
  }

  forget(profileId: number): void {
    this.memory.delete(profileId);
  }
}

/** For tests and the harness: no keyring, so passwords stay in memory only. */
export const NO_KEYRING: Keyring = {
  isAvailable: () => false,
  encrypt: () => {
    throw new Error('no keyring');
  },
  decrypt: () => {
    throw new Error('no keyring');
  },
};
