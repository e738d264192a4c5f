import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DuplicateIndex } from '../../../main/engine/duplicate-index.ts';

/** A model of the index: which objects hold each 64-bit hash. */
function model(triples: [number, number, number][]): Map<string, Set<number>> {
  const holders = new Map<string, Set<number>>();
  for (const [id, h, l] of triples) {
    const key = `${h}:${l}`;
    holders.set(key, (holders.get(key) ?? new Set()).add(id));
  }
  return holders;
}

describe('duplicate index', () => {
  // Few distinct hash values (so values are shared and probe chains form) and a table that starts
  // tiny (so it grows many times).
  const hashPart = fc.integer({ min: 0, max: 5 }).map((n) => (n * 0x9e3779b1) >>> 0);
  const block = fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), hashPart, hashPart), { maxLength: 60 });

  it('property: block by block, it finds exactly the objects sharing a value, and which values are shared', () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 8 }), (blocks) => {
        const index = new DuplicateIndex(1);
        const all: [number, number, number][] = [];
        let base = 0;
        const joined = new Set<number>();
        for (const triples of blocks) {
          index.addBlock(Uint32Array.from(triples.flat()), base);
          for (const [i, h, l] of triples) all.push([base + i, h, l]);
          base += 41;
          // Each block reports the objects that came to share a value in it, and only those.
          const shared = new Set([...model(all).values()].filter((ids) => ids.size > 1).flatMap((ids) => [...ids]));
          for (const id of index.takeJoined()) joined.add(id);
          expect(joined).toEqual(shared);
        }
        const holders = model(all);
        for (const [key, ids] of holders) {
          const [h, l] = key.split(':').map(Number) as [number, number];
          expect(index.isShared(h, l)).toBe(ids.size > 1);
        }
        expect(index.keyCount).toBe(holders.size);
      }),
      { numRuns: 300 },
    );
  });

  it('values shared before the table grows are still known as shared after it grows', () => {
    const index = new DuplicateIndex(1);
    const triples: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const h = Math.imul(i, 0x9e3779b1) >>> 0;
      triples.push(i, h, i);
      if (i % 7 === 0) triples.push(i + 1, h, i);
      if (i === 10) index.addBlock(Uint32Array.from(triples.splice(0)), 0);
    }
    index.addBlock(Uint32Array.from(triples), 0);
    expect(index.memoryBytes).toBeGreaterThan(1024 * 12);
    for (let i = 0; i < 5000; i++) expect(index.isShared(Math.imul(i, 0x9e3779b1) >>> 0, i)).toBe(i % 7 === 0);
    expect(new Set(index.takeJoined()).size).toBe(2 * Math.ceil(5000 / 7));
  });

  it('an object holding a value twice does not collide with itself', () => {
    const index = new DuplicateIndex();
    expect(index.add('address', 'a@agency.gov', 7)).toBe(false);
    expect(index.add('address', 'a@agency.gov', 7)).toBe(false);
    expect(index.takeJoined()).toEqual([]);
    expect(index.add('address', 'a@agency.gov', 9)).toBe(true);
    expect(index.takeJoined()).toEqual([7, 9]);
    expect(index.hasOtherHolder('address', 'a@agency.gov', 7)).toBe(true);
    expect(index.hasOtherHolder('mailnickname', 'a@agency.gov', 7)).toBe(false);
  });
});
