import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * An append-only scratch file of per-object text (the unique values of objects that looked clean
 * while streaming past), addressed by object id. Writing a block costs one write call; it is read back
 * only for the few objects that turn out to hold a duplicate, then deleted. Keeping this out of
 * SQLite is what lets a million clean objects cost almost nothing to store.
 */
export class ValueSpill {
  private readonly dir: string;
  private readonly fd: number;
  private offsets = new Float64Array(1 << 16); // start of each object's text; -1 = not spilled
  private lengths = new Uint32Array(1 << 16);
  private fileSize = 0;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'adrw-spill-'));
    this.fd = openSync(join(this.dir, 'values'), 'w+');
    this.offsets.fill(-1);
  }

  /** Texts of a block's objects, concatenated, with each one's index in the block and byte length. */
  putBlock(baseId: number, text: string, indexes: Uint32Array, lengths: Uint32Array): void {
    if (indexes.length === 0) return;
    this.ensure(baseId + indexes[indexes.length - 1]!);
    const bytes = Buffer.from(text, 'utf8');
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

  get(objectId: number): string | undefined {
    const offset = objectId < this.offsets.length ? this.offsets[objectId]! : -1;
    if (offset < 0) return undefined;
    const buf = Buffer.allocUnsafe(this.lengths[objectId]!);
    readSync(this.fd, buf, 0, buf.length, offset);
    return buf.toString('utf8');
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
