import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * An append-only scratch file of per-object text (each in-scope object's unique values), addressed
 * by object id. Writing a block costs one write call; it is read back only for the few objects
 * that turn out to hold a duplicate, in id order, through a read-ahead window, then deleted.
 * Keeping this out of SQLite is what lets a million clean objects cost almost nothing to store.
 */
export class ValueSpill {
  private readonly dir: string;
  private readonly fd: number;
  private offsets = new Float64Array(1 << 16); // start of each object's text; -1 = not spilled
  private lengths = new Uint32Array(1 << 16);
  private fileSize = 0;
  /** The read-ahead window: file bytes from `windowStart`. */
  private window = Buffer.alloc(0);
  private windowStart = 0;
  private static readonly WINDOW = 1 << 18;

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
    this.fileSize += bytes.length;
  }

  /** `readAhead`: reads are coming in id order, so the next ones are read along with this one. */
  get(objectId: number, readAhead = true): string | undefined {
    const offset = objectId < this.offsets.length ? this.offsets[objectId]! : -1;
    if (offset < 0) return undefined;
    const length = this.lengths[objectId]!;
    if (offset < this.windowStart || offset + length > this.windowStart + this.window.length) {
      this.window = Buffer.allocUnsafe(readAhead ? Math.max(length, ValueSpill.WINDOW) : length);
      this.window = this.window.subarray(0, readSync(this.fd, this.window, 0, this.window.length, offset));
      this.windowStart = offset;
    }
    return this.window.toString('utf8', offset - this.windowStart, offset - this.windowStart + length);
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
