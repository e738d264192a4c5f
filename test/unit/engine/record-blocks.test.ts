import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLOCK_BYTES, BlockBuffers, lastRecordEndOf, nextRecordEndOf, recordBlocks } from '../../../main/engine/record-blocks.ts';

/** The worker side of a block: it copies the bytes out and hands the buffer back for reuse. */
async function cut(input: Buffer, chunkSizes: number[], buffers = new BlockBuffers()): Promise<Buffer[]> {
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let at = 0, i = 0; at < input.length; i++) {
      const size = chunkSizes[i % chunkSizes.length]!;
      yield input.subarray(at, at + size);
      at += size;
    }
  }
  const blocks: Buffer[] = [];
  for await (const block of recordBlocks(chunks(), buffers)) {
    blocks.push(Buffer.from(block));
    // Scribble over the buffer before giving it back: a block must never read a reused buffer.
    new Uint8Array(block.buffer).fill(0x7e);
    buffers.give(block.buffer as ArrayBuffer);
  }
  return blocks;
}

function ldif(records: number, crlf: boolean, memberLines = 0): Buffer {
  const nl = crlf ? '\r\n' : '\n';
  const out: string[] = [];
  for (let i = 0; i < records; i++) {
    out.push(`dn: CN=User ${i},OU=Staff,DC=agency,DC=gov`, 'objectClass: user', `description: ${'é'.repeat(i % 50)}`);
    for (let m = 0; m < (i === 3 ? memberLines : 0); m++) out.push(`member: CN=Member ${m},OU=Staff,DC=agency,DC=gov`);
    out.push('');
  }
  return Buffer.from(out.join(nl) + nl);
}

describe('cutting LDIF bytes into record blocks', () => {
  it('property: the blocks put together are the input, and every block but the last ends after an empty line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 30_000 }), fc.boolean(), fc.array(fc.integer({ min: 1, max: 700_000 }), { minLength: 1, maxLength: 4 }), async (records, crlf, sizes) => {
        const input = ldif(records, crlf);
        const blocks = await cut(input, sizes);
        expect(Buffer.concat(blocks).equals(input)).toBe(true);
        for (const block of blocks.slice(0, -1)) {
          expect(block.length).toBeGreaterThanOrEqual(BLOCK_BYTES - 200);
          expect(lastRecordEndOf(block)).toBe(block.length);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('a record longer than a buffer (a huge member list) stays whole in one block, and its buffers are not kept', async () => {
    const input = ldif(10, false, 120_000);
    expect(input.length).toBeGreaterThan(4 * BLOCK_BYTES);
    const buffers = new BlockBuffers();
    const blocks = await cut(input, [65_536], buffers);
    expect(Buffer.concat(blocks).equals(input)).toBe(true);
    expect(blocks.some((b) => b.length > 4 * BLOCK_BYTES)).toBe(true);
    // The buffers the record grew through (4, 8 MB…) are dropped; only usual-size ones are reused.
    expect(buffers.heldBytes).toBeGreaterThan(0);
    expect(buffers.heldBytes % (2 * BLOCK_BYTES)).toBe(0);
    expect(buffers.heldBytes).toBeLessThanOrEqual(2 * 2 * BLOCK_BYTES);
  });

  it('finds the last record end with LF, CRLF or mixed line ends', () => {
    expect(lastRecordEndOf(Buffer.from('dn: a\nx: 1\n\ndn: b\n'))).toBe(12);
    expect(lastRecordEndOf(Buffer.from('dn: a\r\n\r\ndn: b\n\ndn: c'))).toBe(16);
    expect(lastRecordEndOf(Buffer.from('dn: a\n\ndn: b\r\n\r\ndn: c'))).toBe(16);
    expect(lastRecordEndOf(Buffer.from('dn: a\nx: 1\n'))).toBe(-1);
  });

  it('property: a block cut again at the next record ends gives pieces of whole records', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.boolean(), fc.integer({ min: 1, max: 3000 }), (records, crlf, pieceBytes) => {
        const block = ldif(records, crlf);
        const pieces: Buffer[] = [];
        for (let start = 0; start < block.length; ) {
          const end = nextRecordEndOf(block, start + pieceBytes);
          expect(end).toBeGreaterThan(start);
          pieces.push(block.subarray(start, end));
          start = end;
        }
        expect(Buffer.concat(pieces).equals(block)).toBe(true);
        for (const piece of pieces) expect(lastRecordEndOf(piece)).toBe(piece.length);
        if (block.length > 2 * pieceBytes + 200) expect(pieces.length).toBeGreaterThan(1);
      }),
      { numRuns: 50 },
    );
    const mixed = Buffer.from('dn: a\nx: 1\n\ndn: b\r\n\r\ndn: c\n');
    expect([7, 12, 21].map((from) => nextRecordEndOf(mixed, from))).toEqual([12, 21, mixed.length]);
    // A line that only starts with a carriage return is not an empty line.
    expect(nextRecordEndOf(Buffer.from('dn: a\n\rx: 1\n\ndn: b\n'), 0)).toBe(13);
  });
});
