/** Blocks of about this many bytes are cut for the workers. */
export const BLOCK_BYTES = 1 << 20;

/**
 * The memory blocks are cut into. A block's buffer goes to a worker and comes back with its
 * result, to be filled again: the run then allocates a handful of buffers in all instead of one
 * per block, which would pile up as memory outside the heap until a late garbage collection.
 * Only buffers of the usual size are kept: the larger ones a huge record grew through (a group
 * with a million members) are left to be collected, not held for the rest of the run.
 */
export class BlockBuffers {
  private readonly free: ArrayBuffer[] = [];
  private static readonly KEEP = 8;
  private static readonly SIZE = 2 * BLOCK_BYTES;

  /** A buffer of at least `bytes`. */
  take(bytes: number): Uint8Array {
    const buffer = bytes <= BlockBuffers.SIZE && this.free.length > 0 ? this.free.pop()! : new ArrayBuffer(Math.max(bytes, BlockBuffers.SIZE));
    return new Uint8Array(buffer);
  }

  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength === BlockBuffers.SIZE && this.free.length < BlockBuffers.KEEP) this.free.push(buffer);
  }

  /** Bytes held for reuse. */
  get heldBytes(): number {
    return this.free.reduce((n, b) => n + b.byteLength, 0);
  }
}

/**
 * The end of the last complete LDIF record in `data` (just after its empty line), or -1: the
 * `lastRecordEnd` of ldif-reader.ts, on bytes. It walks back line by line from the end, so it costs
 * the length of the last record.
 */
export function lastRecordEndOf(data: Buffer): number {
  for (let lf = data.lastIndexOf(10); lf > 0; lf = data.lastIndexOf(10, lf - 1)) {
    const before = data[lf - 1];
    if (before === 10 || (before === 13 && lf > 1 && data[lf - 2] === 10)) return lf + 1;
  }
  return -1;
}

/**
 * The end of an LDIF record past `from` (just after its empty line), the first one found looking
 * from there, or the end of `data` when there is none: where a block can be cut into pieces.
 */
export function nextRecordEndOf(data: Buffer, from: number): number {
  for (let lf = data.indexOf(10, from); lf >= 0 && lf + 1 < data.length; lf = data.indexOf(10, lf + 1)) {
    if (data[lf + 1] === 10) return lf + 2;
    if (data[lf + 1] === 13 && data[lf + 2] === 10) return lf + 3;
  }
  return data.length;
}

/**
 * Cuts an LDIF byte stream into blocks that end just after an empty line. Cutting bytes at a line
 * feed never splits a UTF-8 character, so the workers decode the text themselves. Each block is a
 * view from the start of a buffer of `buffers`, which the caller hands over to a worker (the buffer
 * is then detached here) and gives back once the worker returns it. Each byte is copied once, from
 * the file's chunk into its block; only the tail after a block's last record is copied again.
 */
export async function* recordBlocks(chunks: AsyncIterable<Uint8Array>, buffers: BlockBuffers): AsyncGenerator<Uint8Array> {
  let block = buffers.take(BLOCK_BYTES);
  let fill = 0;
  for await (const chunk of chunks) {
    if (fill + chunk.length > block.length) {
      // A record longer than the buffer (a group with a huge member list): grow by doubling.
      const grown = buffers.take(Math.max(2 * block.length, fill + chunk.length));
      grown.set(block.subarray(0, fill));
      buffers.give(block.buffer as ArrayBuffer);
      block = grown;
    }
    block.set(chunk, fill);
    fill += chunk.length;
    if (fill < BLOCK_BYTES) continue;
    const end = lastRecordEndOf(Buffer.from(block.buffer, 0, fill));
    if (end < 0) continue;
    const next = buffers.take(fill - end);
    next.set(block.subarray(end, fill));
    yield block.subarray(0, end);
    fill -= end;
    block = next;
  }
  if (fill > 0) yield block.subarray(0, fill);
}
