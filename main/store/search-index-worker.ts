import { parentPort, workerData } from 'node:worker_threads';

/** The thread of search-index-thread.ts: indexes one run on a connection of its own, then reports. */
const { path, assessmentId } = workerData as { path: string; assessmentId: number };
try {
  const { default: Database } = await import('better-sqlite3');
  const { indexForSearch } = await import('./findings-grid.ts');
  const db = new Database(path, { timeout: 60_000 });
  try {
    db.pragma('synchronous = NORMAL');
    indexForSearch(db, assessmentId);
  } finally {
    db.close();
  }
  parentPort!.postMessage({});
} catch (err) {
  parentPort!.postMessage({ error: err instanceof Error ? err.message : String(err) });
}
