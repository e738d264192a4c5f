import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations/index.ts';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

function hashOf(m: Migration): string {
  return createHash('sha256').update(m.sql).digest('hex');
}

/**
 * Brings a workspace to `target` (default: the latest version). A workspace written by a newer
 * version, or whose applied migrations no longer match the code, is refused rather than guessed at.
 *
 * The check and every migration run in one IMMEDIATE transaction: two processes opening a new
 * workspace at once (a CLI run beside the app) take the write lock in turn, so the second sees
 * what the first applied instead of applying it again ("index ... already exists").
 */
export function migrate(db: Database.Database, target = MIGRATIONS.length): number {
  return db.transaction(() => migrateLocked(db, target)).immediate();
}

function migrateLocked(db: Database.Database, target: number): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = db.prepare('SELECT version, name, sha256 FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
    sha256: string;
  }[];
  for (const row of applied) {
    const known = MIGRATIONS[row.version - 1];
    if (!known) throw new MigrationError(`This workspace was written by a newer version (schema ${row.version}); update the workbench.`);
    if (hashOf(known) !== row.sha256) {
      throw new MigrationError(`Migration ${row.version} (${row.name}) was changed after it was applied; add a new migration instead.`);
    }
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of MIGRATIONS.slice(applied.length, target)) {
    db.exec(m.sql);
    record.run(m.version, m.name, hashOf(m), new Date().toISOString());
  }
  return Math.max(applied.length, target);
}

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
