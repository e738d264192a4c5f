import type { Namespace } from '../../shared/rules/uniqueness.ts';
import { hashKey } from './key-hash.ts';

/**
 * Finds values held by more than one object in linear time and near-constant memory per value:
 * an open-addressing table of 64-bit hashes (12 bytes a slot, the three words of a slot side by
 * side so a probe touches one cache line) maps each (namespace, value) to its
 * first holder; only values that collide keep a list of holders. The engine re-reads the objects
 * that come to collide and compares real strings, so a hash collision can never invent a duplicate.
 * (IdFix compared every pair: O(n²).)
 */
export class DuplicateIndex {
  private capacity: number;
  /** Slot i is [hash high, hash low, objectId + 1] at 3i; a holder of 0 marks an empty slot. */
  private slots: Uint32Array;
  private size = 0;
  /** The holders of each value more than one object holds, by the offset of the value's slot. */
  private shared = new Map<number, Set<number>>();
  private joined: number[] = [];
  /** Keeps the reads ahead of `addBlock` from being optimized away. */
  private touched = 0;
  private static readonly MAX_LOAD = 0.8;

  constructor(expectedKeys = 1 << 16) {
    this.capacity = 1 << Math.max(10, Math.ceil(Math.log2(expectedKeys / DuplicateIndex.MAX_LOAD)));
    this.slots = zeroedSlots(this.capacity);
  }

  /**
   * Records that `objectId` holds `key`; an object holding a key twice counts once. Returns true
   * when another object already holds it.
   */
  add(namespace: Namespace, key: string, objectId: number): boolean {
    const hashes: number[] = [];
    hashKey(namespace, key, hashes);
    return this.addHashed(hashes[0]!, hashes[1]!, objectId);
  }

  /** `add` for a value already hashed with `hashKey` (where the object was read). */
  addHashed(h: number, l: number, objectId: number): boolean {
    const at = this.find(h, l);
    const slots = this.slots;
    if (slots[at + 2] === 0) {
      slots[at] = h;
      slots[at + 1] = l;
      slots[at + 2] = objectId + 1;
      if (++this.size > this.capacity * DuplicateIndex.MAX_LOAD) this.grow();
      return false;
    }
    const first = slots[at + 2]! - 1;
    let holders = this.shared.get(at);
    if (first === objectId && !holders) return false;
    if (!holders) {
      this.shared.set(at, (holders = new Set([first])));
      this.joined.push(first);
    }
    if (!holders.has(objectId)) {
      holders.add(objectId);
      this.joined.push(objectId);
    }
    return holders.size > 1;
  }

  /** The objects that came to share a value with another since the last call (some more than once). */
  takeJoined(): number[] {
    const joined = this.joined;
    this.joined = [];
    return joined;
  }

  /**
   * `addHashed` for a block's triples (object id - `base`, hash high, hash low). The slots are
   * read once ahead of the inserts: those reads do not depend on each other, so the processor
   * waits for many cache misses at once instead of one per insert.
   */
  addBlock(triples: Uint32Array, base: number): void {
    this.touched = this.touchHomes(triples);
    for (let i = 0; i < triples.length; i += 3) this.addHashed(triples[i + 1]!, triples[i + 2]!, base + triples[i]!);
  }

  /**
   * The reads ahead of `addBlock`'s inserts, in a function of its own: in one function with the
   * inserts, V8 optimized the loop (on stack, in the first block) before the insert loop had ever
   * run, and every later block left that code at the insert loop to finish in the interpreter.
   */
  private touchHomes(triples: Uint32Array): number {
    const slots = this.slots;
    let touched = 0;
    for (let i = 0; i < triples.length; i += 3) touched ^= slots[this.home(triples[i + 1]!, triples[i + 2]!) * 3 + 2]!;
    return touched;
  }

  /** True when some object other than `exceptObjectId` holds the key. */
  hasOtherHolder(namespace: Namespace, key: string, exceptObjectId: number): boolean {
    const hashes: number[] = [];
    hashKey(namespace, key, hashes);
    const [h, l] = hashes as [number, number];
    const at = this.find(h, l);
    if (this.slots[at + 2] === 0) return false;
    const holders = this.shared.get(at);
    if (holders) return [...holders].some((id) => id !== exceptObjectId);
    return this.slots[at + 2]! - 1 !== exceptObjectId;
  }

  /** True when more than one object holds the value hashed to (h, l). */
  isShared(h: number, l: number): boolean {
    const at = this.find(h, l);
    return this.slots[at + 2] !== 0 && this.shared.has(at);
  }

  get keyCount(): number {
    return this.size;
  }

  get memoryBytes(): number {
    return this.capacity * 12;
  }

  /** Offset of the slot holding (h, l), or of the empty slot where it belongs. */
  private find(h: number, l: number): number {
    const mask = this.capacity - 1;
    const slots = this.slots;
    let slot = this.home(h, l);
    let at = slot * 3;
    while (slots[at + 2] !== 0 && (slots[at] !== h || slots[at + 1] !== l)) {
      slot = (slot + 1) & mask;
      at = slot * 3;
    }
    return at;
  }

  /** The slot where the search for (h, l) starts. */
  private home(h: number, l: number): number {
    return (l ^ Math.imul(h, 0x9e3779b1)) & (this.capacity - 1);
  }

  private grow(): void {
    const old = this.slots;
    this.capacity *= 2;
    this.slots = zeroedSlots(this.capacity);
    const shared = new Map<number, Set<number>>();
    for (let i = 0; i < old.length; i += 3) {
      if (old[i + 2] === 0) continue;
      const at = this.find(old[i]!, old[i + 1]!);
      this.slots[at] = old[i]!;
      this.slots[at + 1] = old[i + 1]!;
      this.slots[at + 2] = old[i + 2]!;
      const holders = this.shared.get(i);
      if (holders) shared.set(at, holders);
    }
    this.shared = shared;
  }
}

/**
 * A table's slots, every page of it written once in order: a fresh page first touched by a random
 * insert costs the kernel two faults (the zero page for the read ahead of it, then a copy), which
 * made the first block's inserts several times slower than the table's whole allocation.
 */
function zeroedSlots(capacity: number): Uint32Array {
  const slots = new Uint32Array(capacity * 3);
  slots.fill(0);
  return slots;
}
