import { parentPort, workerData } from 'node:worker_threads';
import type { FindingRow, ObjectRow, RowInserter } from './row-inserter.ts';
import { FAILED, PENDING, type RowWriterSetup } from './thread-row-sink.ts';

/**
 * The writer thread of thread-row-sink.ts: inserts each batch in one transaction on a connection of
 * its own, then counts it as done. Whatever goes wrong, even loading the SQLite module, is reported
 * through the shared state, so the run's thread, which may be waiting on it, never waits forever.
 */
const { path, assessmentId, state, failures } = workerData as RowWriterSetup;

function fail(err: unknown): void {
  if (Atomics.load(state, FAILED) === 0) failures.postMessage(err instanceof Error ? err.message : String(err));
  Atomics.store(state, FAILED, 1);
  Atomics.notify(state, PENDING);
}

process.on('uncaughtException', fail);

let close = (): void => {};
let inserter: RowInserter | undefined;
try {
  const { default: Database } = await import('better-sqlite3');
  const { RowInserter } = await import('./row-inserter.ts');
  const db = new Database(path);
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  inserter = new RowInserter(db, assessmentId);
  close = () => db.close();
} catch (err) {
  fail(err);
}

parentPort!.on('message', (message: 'close' | { objects: ObjectRow[]; findings: FindingRow[] }) => {
  if (message === 'close') {
    close();
    failures.close();
    parentPort!.close();
    return;
  }
  try {
    if (inserter && Atomics.load(state, FAILED) === 0) inserter.write(message.objects, message.findings);
  } catch (err) {
    fail(err);
  }
  Atomics.sub(state, PENDING, 1);
  Atomics.notify(state, PENDING);
});
