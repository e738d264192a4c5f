import { once } from 'node:events';
import module from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER_URL = new URL('./search-index-worker.ts', import.meta.url);

/**
 * Builds a completed run's free-text index (indexForSearch) on a thread with its own connection,
 * so the command line writes its reports meanwhile: at the end of a run both cores are free, and
 * the index and the reports are each seconds at a million findings. WAL lets the reports read
 * while the index commits; the run is searchable (by scanning) before it is done either way.
 */
export async function indexForSearchInThread(path: string, assessmentId: number): Promise<void> {
  const cacheDir = module.getCompileCacheDir();
  const worker = new Worker(WORKER_URL, {
    workerData: { path, assessmentId },
    env: cacheDir ? { ...process.env, NODE_COMPILE_CACHE: cacheDir } : process.env,
  });
  let failure: unknown;
  worker.on('message', (message: { error?: string }) => {
    if (message.error !== undefined) failure = new Error(`the search index of run ${assessmentId} could not be built: ${message.error}`);
  });
  worker.on('error', (err) => (failure = err));
  await once(worker, 'exit');
  if (failure) throw failure;
}
