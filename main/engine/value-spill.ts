import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * An append-only scratch file of per-object text (each in-scope object's unique values), addressed
 * by object id. Writing a block costs one write call; it is read back only for the few objects
 * that turn out to hold a duplicate, as the run finds them, and deleted with the run.
 * Keeping this out of SQLite is what lets a million clean objects cost almost nothing to store.
 */
export class ValueSpill {
  private readonly dir: string;
  private readonly fd: number;
  private offsets = new Float64Array(1 << 16); // start of each object's text; -1 = not spilled
  private lengths = new Uint32Array(1 << 16);
  private fileSize = 0;
  /** The latest block's bytes, which the spill keeps (the caller hands them over), from file offset `windowStart`. */
  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'adrw-spill-'));
    this.fd = openSync(join(this.dir, 'values'), 'w+');
    this.offsets.fill(-1);
  }

  /** Texts of a block's objects, UTF-8 encoded one after another, with each one's index in the block and byte length. */
  putBlock(baseId: number, bytes: Uint8Array, indexes: Uint32Array, lengths: Uint32Array): void {
    if (indexes.length === 0) return;
    this.ensure(baseId + indexes[indexes.length - 1]!);
    writeSync(this.fd, bytes, 0, bytes.length, this.fileSize);
    let offset = this.fileSize;
    for (let i = 0; i < indexes.length; i++) {
      const id = baseId + indexes[i]!;
      this.offsets[id] = offset;
      this.lengths[id] = lengths[i]!;
      offset += lengths[i]!;
    }
    // Most objects read back are read while their own block is merged: they need no read call.
    this.window = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    this.windowStart = this.fileSize;
    this.fileSize += bytes.length;
  }

  /** The object's text: from the latest block's bytes when it is in that block, else from the file. */
  get(objectId: number): string | undefined {
    const offset = objectId < this.offsets.length ? this.offsets[objectId]! : -1;
    if (offset < 0) return undefined;
    const length = this.lengths[objectId]!;
    if (offset >= this.windowStart && offset + length <= this.windowStart + this.window.length) {
      return this.window.toString('utf8', offset - this.windowStart, offset - this.windowStart + length);
    }
    const bytes = Buffer.allocUnsafe(length);
    readSync(this.fd, bytes, 0, length, offset);
    return bytes.toString('utf8');
  }

  dispose(): void {
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private ensure(objectId: number): void {
    if (objectId < this.offsets.length) return;
    let size = this.offsets.length;
    while (size <= objectId) size *= 2;
    const offsets = new Float64Array(size).fill(-1);
    offsets.set(this.offsets);
    const lengths = new Uint32Array(size);
    lengths.set(this.lengths);
    this.offsets = offsets;
    this.lengths = lengths;
  }
}
