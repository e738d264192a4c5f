import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValueSpill } from '../../../main/engine/value-spill.ts';

/** The spill is written a block at a time and read back by object id, from the latest block's bytes or from its file. */
describe('value spill', () => {
  it('property: every text reads back exactly, in id order or any other, whatever its size', () => {
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.constant('x'.repeat(300_000)));
    fc.assert(
      fc.property(fc.array(fc.array(text, { maxLength: 8 }), { maxLength: 6 }), fc.boolean(), (blocks, shuffled) => {
        const spill = new ValueSpill();
        try {
          const written = new Map<number, string>();
          let base = 0;
          for (const block of blocks) {
            // Every other object of a block is spilled, as only some objects are.
            const indexes = block.map((_, i) => i * 2);
            const lengths = block.map((t) => Buffer.byteLength(t));
            spill.putBlock(base, Buffer.from(block.join('')), Uint32Array.from(indexes), Uint32Array.from(lengths));
            block.forEach((t, i) => written.set(base + i * 2, t));
            base += block.length * 2 + 1;
          }
          const ids = [...written.keys()];
          if (shuffled) ids.reverse();
          for (const id of ids) expect(spill.get(id)).toBe(written.get(id));
          for (let id = 0; id <= base + 1; id++) if (!written.has(id)) expect(spill.get(id)).toBeUndefined();
        } finally {
          spill.dispose();
        }
      }),
      { numRuns: 150 },
    );
  });
});
