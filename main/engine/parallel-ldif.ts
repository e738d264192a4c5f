import { availableParallelism } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { Worker } from 'node:worker_threads';
import type { UserScope } from '../../shared/rules/scope.ts';
import { SourceError } from '../directory/source-error.ts';
import type { AssessmentOptions } from './assess.ts';
import type { BlockData } from './block.ts';

/**
 * Large LDIF exports are read by worker threads: this thread cuts the byte stream into blocks of
 * whole records (an LDIF record always ends at an empty line), the workers parse and assess them,
 * and their block summaries come back here in file order, so object ids, examples and errors are exactly
 * those of a sequential read. Memory stays bounded: only a few blocks are in flight.
 */
export interface ParallelLdif {
  file: string;
  chunks: AsyncIterable<Buffer>;
}

export interface WorkerSetup {
  scope: UserScope;
  routableSuffixes: readonly string[];
  tenantDomains: readonly string[];
  staleBefore: string;
}

export interface BlockRequest {
  seq: number;
  text: string;
}

export type BlockResult =
  | { seq: number; lines: number; block: BlockData }
  | { seq: number; lines: number; error: { line: number | undefined; reason: string } | { message: string } };

const BLOCK_CHARS = 1 << 20;
const WORKER_URL = new URL('./ldif-worker.ts', import.meta.url);

/** Cuts decoded text into blocks that end just after an empty line. */
async function* recordBlocks(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  for await (const chunk of chunks) {
    carry += decoder.write(chunk);
    if (carry.length < BLOCK_CHARS) continue;
    const cut = Math.max(carry.lastIndexOf('\n\n'), carry.lastIndexOf('\n\r\n'));
    if (cut < 0) continue;
    const end = carry.indexOf('\n', cut + 1) + 1;
    yield carry.slice(0, end);
    carry = carry.slice(end);
  }
  carry += decoder.end();
  if (carry.length > 0) yield carry;
}

export async function* parallelLdifBlocks(source: ParallelLdif, options: AssessmentOptions, staleBefore: bigint): AsyncGenerator<BlockData> {
  const setup: WorkerSetup = {
    scope: options.scope,
    routableSuffixes: options.ctx.routableSuffixes,
    tenantDomains: options.ctx.tenantDomains,
    staleBefore: String(staleBefore),
  };
  const count = Number(process.env.ADRW_WORKERS ?? Math.max(1, Math.min(4, availableParallelism() - 1)));
  // Small heaps: a worker only ever holds a block or two, and three large heaps would triple the RSS.
  const workers = Array.from({ length: count }, () => new Worker(WORKER_URL, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 192 } }));
  const results = new Map<number, BlockResult>();
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  for (const w of workers) {
    w.on('message', (r: BlockResult) => {
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
    const blocks = recordBlocks(source.chunks);
    let done = false;
    while (!done || next < sent) {
      while (!done && sent - next < maxInFlight) {
        const block = await blocks.next();
        if (block.done) done = true;
        else {
          const request: BlockRequest = { seq: sent, text: block.value };
          workers[sent % count]!.postMessage(request);
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
      line += result.lines;
      yield result.block;
      next++;
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
