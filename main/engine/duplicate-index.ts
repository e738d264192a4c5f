import type { Namespace } from '../../shared/rules/uniqueness.ts';
import { hashKey } from './key-hash.ts';

/**
 * Finds values held by more than one object in linear time and near-constant memory per value:
 * an open-addressing table of 64-bit hashes (12 bytes a slot) maps each (namespace, value) to its
 * first holder; only values that collide keep a list of holders. The engine re-reads the colliding
 * objects afterwards and compares real strings, so a hash collision can never invent a duplicate.
 * (IdFix compared every pair: O(n²).)
 */
export class DuplicateIndex {
  private capacity: number;
  private hi: Uint32Array;
  private lo: Uint32Array;
  private holder: Uint32Array; // objectId + 1; 0 = empty slot
  private size = 0;
  private readonly shared = new Map<string, Set<number>>();
  private static readonly MAX_LOAD = 0.8;

  constructor(expectedKeys = 1 << 16) {
    this.capacity = 1 << Math.max(10, Math.ceil(Math.log2(expectedKeys / DuplicateIndex.MAX_LOAD)));
    this.hi = new Uint32Array(this.capacity);
    this.lo = new Uint32Array(this.capacity);
    this.holder = new Uint32Array(this.capacity);
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
    const slot = this.find(h, l);
    if (this.holder[slot] === 0) {
      this.hi[slot] = h;
      this.lo[slot] = l;
      this.holder[slot] = objectId + 1;
      if (++this.size > this.capacity * DuplicateIndex.MAX_LOAD) this.grow();
      return false;
    }
    const first = this.holder[slot]! - 1;
    const id = `${h}:${l}`;
    let holders = this.shared.get(id);
    if (first === objectId && !holders) return false;
    if (!holders) this.shared.set(id, (holders = new Set([first])));
    holders.add(objectId);
    return holders.size > 1;
  }

  /** True when some object other than `exceptObjectId` holds the key. */
  hasOtherHolder(namespace: Namespace, key: string, exceptObjectId: number): boolean {
    const hashes: number[] = [];
    hashKey(namespace, key, hashes);
    const [h, l] = hashes as [number, number];
    const slot = this.find(h, l);
    if (this.holder[slot] === 0) return false;
    const holders = this.shared.get(`${h}:${l}`);
    if (holders) return [...holders].some((id) => id !== exceptObjectId);
    return this.holder[slot]! - 1 !== exceptObjectId;
  }

  /** Every object that shares at least one hashed value with another object. */
  objectsInCollisions(): Set<number> {
    const out = new Set<number>();
    for (const holders of this.shared.values()) if (holders.size > 1) for (const id of holders) out.add(id);
    return out;
  }

  get keyCount(): number {
    return this.size;
  }

  get memoryBytes(): number {
    return this.capacity * 12;
  }

  private find(h: number, l: number): number {
    const mask = this.capacity - 1;
    let slot = (l ^ Math.imul(h, 0x9e3779b1)) & mask;
    while (this.holder[slot] !== 0 && (this.hi[slot] !== h || this.lo[slot] !== l)) slot = (slot + 1) & mask;
    return slot;
  }

  private grow(): void {
    const { hi, lo, holder } = this;
    this.capacity *= 2;
    this.hi = new Uint32Array(this.capacity);
    this.lo = new Uint32Array(this.capacity);
    this.holder = new Uint32Array(this.capacity);
    for (let i = 0; i < hi.length; i++) {
      if (holder[i] === 0) continue;
      const slot = this.find(hi[i]!, lo[i]!);
      this.hi[slot] = hi[i]!;
      this.lo[slot] = lo[i]!;
      this.holder[slot] = holder[i]!;
    }
  }
}
