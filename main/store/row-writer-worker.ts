import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { RowStatements } from './row-inserter.ts';
import { FAILED, PENDING, type RowWriterMessage, type RowWriterSetup } from './thread-row-sink.ts';

/**
 * The writer thread of thread-row-sink.ts: inserts each batch into a transaction it keeps open on a
 * connection of its own, commits every ROWS_PER_TRANSACTION rows and when told to, and counts each
 * message as done. Whatever goes wrong, even loading the SQLite module, is reported through the
 * shared state, so the run's thread, which may be waiting on it, never waits forever; the rows not
 * yet committed are then rolled back (the run fails, and its rows are dropped with it).
 */
const { path, assessmentId, state, failures } = workerData as RowWriterSetup;

function fail(err: unknown): void {
  if (Atomics.load(state, FAILED) === 0) failures.postMessage(err instanceof Error ? err.message : String(err));
  Atomics.store(state, FAILED, 1);
  Atomics.notify(state, PENDING);
}

process.on('uncaughtException', fail);

let db: Database.Database | undefined;
let rows: RowStatements | undefined;
let rowsPerTransaction = 0;
try {
  const { default: Database } = await import('better-sqlite3');
  const { RowStatements, ROWS_PER_TRANSACTION } = await import('./row-inserter.ts');
  db = new Database(path);
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  rows = new RowStatements(db, assessmentId);
  rowsPerTransaction = ROWS_PER_TRANSACTION;
} catch (err) {
  fail(err);
}

let uncommitted = 0;

function store(message: Exclude<RowWriterMessage, 'close'>): void {
  if (!db || !rows || Atomics.load(state, FAILED) !== 0) return;
  try {
    if (message !== 'commit') {
      if (!db.inTransaction) db.exec('BEGIN');
      rows.insert(message.objects, message.findings);
      uncommitted += message.objects.length + message.findings.length;
    }
    if (db.inTransaction && (message === 'commit' || uncommitted >= rowsPerTransaction)) {
      db.exec('COMMIT');
      uncommitted = 0;
    }
  } catch (err) {
    try {
      if (db.inTransaction) db.exec('ROLLBACK');
    } finally {
      fail(err);
    }
  }
}

parentPort!.on('message', (message: RowWriterMessage) => {
  if (message === 'close') {
    db?.close(); // rolls back a transaction a failed run left open
    failures.close();
    parentPort!.close();
    return;
  }
  store(message);
  Atomics.sub(state, PENDING, 1);
  Atomics.notify(state, PENDING);
});
