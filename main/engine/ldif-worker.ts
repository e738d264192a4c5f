import { parentPort, workerData } from 'node:worker_threads';
import type { DirectoryObject } from '../../shared/directory-object.ts';
import { LdifScanner } from '../directory/ldif-reader.ts';
import { SourceError } from '../directory/source-error.ts';
import { BlockBuilder, BlockScratch } from './block.ts';
import { DomainOf } from './infrastructure.ts';
import type { ObjectEnvironment } from './object-outcome.ts';
import type { BlockRequest, BlockResult, WorkerSetup } from './parallel-ldif.ts';
import { nextRecordEndOf } from './record-blocks.ts';
import { routingContext } from './routing.ts';

/** A worker of parallel-ldif.ts: parses one block of whole LDIF records and assesses each object. */
const setup = workerData as WorkerSetup;
const env: ObjectEnvironment = {
  scope: setup.scope,
  ctx: routingContext({ routableSuffixes: setup.routableSuffixes, tenantDomains: setup.tenantDomains }),
  staleBefore: BigInt(setup.staleBefore),
};

const domains = new DomainOf();
const scratch = new BlockScratch();

/**
 * A block is decoded a piece of whole records at a time, not as one string: a string this small
 * is born and dies in V8's young generation, while a string of the whole block is a large object,
 * counted against the old generation, whose growth brings on full collections of the heap.
 */
const PIECE_BYTES = 48 * 1024;

const scanner = new LdifScanner('block');
let builder = new BlockBuilder(domains, scratch);
// One callback for every block: a new closure per block would undo the scanner's optimized code.
const add = (obj: DirectoryObject): void => builder.addEntry(obj, env);

parentPort!.on('message', (req: BlockRequest) => {
  const bytes = Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength);
  try {
    builder = new BlockBuilder(domains, scratch);
    scanner.restart();
    const { references, trailers } = scanner.skipped;
    for (let start = 0; start < bytes.length; ) {
      const end = nextRecordEndOf(bytes, start + PIECE_BYTES);
      scanner.scan(bytes.toString('utf8', start, end), add);
      start = end;
    }
    scanner.end(add);
    const block = builder.build();
    block.skippedReferences = scanner.skipped.references - references;
    block.skippedTrailers = scanner.skipped.trailers - trailers;
    const buffer = req.bytes.buffer as ArrayBuffer;
    // A block ends with its empty line's line feed, so the scanner's line count is the block's.
    const result: BlockResult = { seq: req.seq, lines: scanner.lines, block, buffer };
    parentPort!.postMessage(result, [buffer, block.hashes.buffer, block.dnHashes.buffer, block.lines.buffer, block.spillBytes.buffer, block.spillIndexes.buffer, block.spillLengths.buffer, block.completeness.counts.buffer] as ArrayBuffer[]);
  } catch (err) {
    const result: BlockResult = {
      seq: req.seq,
      error: err instanceof SourceError ? { line: err.line, reason: err.reason } : { message: err instanceof Error ? err.message : String(err) },
    };
    parentPort!.postMessage(result);
  }
});
