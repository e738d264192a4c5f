import module from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { UserScope } from '../../shared/rules/scope.ts';
import { SourceError } from '../directory/source-error.ts';
import type { ParallelInput } from '../directory/source.ts';
import type { AssessmentOptions } from './options.ts';
import type { BlockData } from './block.ts';
import { BlockBuffers, recordBlocks } from './record-blocks.ts';

/**
 * Large LDIF exports are read by worker threads: this thread cuts the byte stream into blocks of
 * whole records (an LDIF record always ends at an empty line), the workers parse and assess them,
 * and their block summaries come back here in file order, so object ids, examples and errors are exactly
 * those of a sequential read. Memory stays bounded: only a few blocks are in flight.
 */
export type ParallelLdif = ParallelInput;

export interface WorkerSetup {
  scope: UserScope;
  routableSuffixes: readonly string[];
  tenantDomains: readonly string[];
  staleBefore: string;
}

export interface BlockRequest {
  seq: number;
  bytes: Uint8Array;
}

/** A result hands the request's buffer back (`buffer`) to be filled with a later block. */
export type BlockResult =
  | { seq: number; lines: number; block: BlockData; buffer: ArrayBuffer }
  | { seq: number; error: { line: number | undefined; reason: string } | { message: string } };

const WORKER_URL = new URL('./ldif-worker.ts', import.meta.url);

export async function* parallelLdifBlocks(source: ParallelLdif, options: AssessmentOptions, staleBefore: bigint): AsyncGenerator<BlockData> {
  const setup: WorkerSetup = {
    scope: options.scope,
    routableSuffixes: options.ctx.routableSuffixes,
    tenantDomains: options.ctx.tenantDomains,
    staleBefore: String(staleBefore),
  };
  const count = Number(process.env.ADRW_WORKERS ?? Math.max(2, Math.min(4, availableParallelism())));
  // Small heaps: a worker only ever holds a block or two, and three large heaps would push the
  // process past its memory target (600 MB at a million objects) for little speed.
  // A worker compiles its modules afresh unless told where this process keeps Node's compile
  // cache: with it, a worker is ready in about 45 ms instead of 120.
  const cacheDir = module.getCompileCacheDir();
  const env = cacheDir ? { ...process.env, NODE_COMPILE_CACHE: cacheDir } : process.env;
  const workers = Array.from({ length: count }, () => new Worker(WORKER_URL, { workerData: setup, env, resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 192 } }));
  const results = new Map<number, BlockResult>();
  const buffers = new BlockBuffers();
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  for (const w of workers) {
    w.on('message', (r: BlockResult) => {
      if ('buffer' in r) buffers.give(r.buffer);
      results.set(r.seq, r);
      wake?.();
    });
    w.on('error', (err) => {
      failure = err;
      wake?.();
    });
  }
  const waitForResult = (): Promise<void> => new Promise((resolve) => (wake = resolve));

  let sent = 0;
  let next = 0;
  let line = 1;
  const maxInFlight = count * 2;
  try {
    const blocks = recordBlocks(source.chunks, buffers);
    let done = false;
    while (!done || next < sent) {
      while (!done && sent - next < maxInFlight) {
        const block = await blocks.next();
        if (block.done) done = true;
        else {
          const request: BlockRequest = { seq: sent, bytes: block.value };
          workers[sent % count]!.postMessage(request, [block.value.buffer as ArrayBuffer]);
          sent++;
        }
      }
      while (!results.has(next) && next < sent) {
        if (failure) throw failure;
        await waitForResult();
      }
      const result = results.get(next);
      if (!result) continue;
      results.delete(next);
      if ('error' in result) {
        if ('reason' in result.error) {
          throw new SourceError(source.file, result.error.line === undefined ? undefined : line + result.error.line - 1, result.error.reason);
        }
        throw new Error(result.error.message);
      }
      result.block.firstLine = line;
      line += result.lines;
      yield result.block;
      next++;
    }
  } finally {
    // Not awaited: the workers hold nothing the run needs, and tearing a thread down takes a few
    // milliseconds the run can spend finishing.
    for (const w of workers) void w.terminate();
  }
}
