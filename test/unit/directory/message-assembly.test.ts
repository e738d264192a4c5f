import fc from 'fast-check';
import { MessageParser, SearchEntry } from 'ldapts';
import { describe, expect, it, vi } from 'vitest';
import { elementSize, installMessageAssembly, LDAPTS_READ, MAX_MESSAGE_BYTES } from '../../../main/directory/ldap/message-assembly.ts';
import { entryMessage } from './ldap-messages.ts';

installMessageAssembly();

/** What a parser emits for `stream` cut at `cuts`, read by `read`: each entry with the number of reads it took. */
function parse(stream: Buffer, cuts: number[], read: MessageParser['read']): { id: number; dn: string; member: unknown; afterRead: number }[] {
  const parser = new MessageParser();
  const got: { id: number; dn: string; member: unknown; afterRead: number }[] = [];
  let reads = 0;
  parser.on('message', (m) => {
    const entry = (m as SearchEntry).toObject([], []);
    got.push({ id: m.messageId, dn: entry.dn, member: entry['member;range=1500-*'], afterRead: reads });
  });
  parser.on('error', (err) => {
    throw err;
  });
  const bounds = [0, ...[...new Set(cuts)].filter((c) => c > 0 && c < stream.length).sort((a, b) => a - b), stream.length];
  for (let i = 0; i + 1 < bounds.length; i++) {
    reads++;
    read.call(parser, stream.subarray(bounds[i], bounds[i + 1]), new Map());
  }
  return got;
}

const member = (n: number) => Buffer.from(`CN=Member ${n},OU=People,DC=lab,DC=example`);
const group = (id: number, members: number) => entryMessage(`CN=Group ${id},DC=lab`, [{ type: 'member;range=1500-*', values: Array.from({ length: members }, (_, i) => member(i)) }], id);

describe('messages assembled from socket reads', () => {
  it('emits exactly the messages ldapts emits, however the stream is cut', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 5 }), fc.array(fc.nat(), { maxLength: 40 }), (sizes, rawCuts) => {
        const stream = Buffer.concat(sizes.map((n, i) => group(i + 1, n)));
        const cuts = rawCuts.map((c) => c % stream.length);
        const ours = parse(stream, cuts, MessageParser.prototype.read);
        const theirs = parse(stream, cuts, LDAPTS_READ);
        expect(ours).toEqual(theirs);
        expect(ours.map((m) => m.id)).toEqual(sizes.map((_, i) => i + 1));
      }),
      { numRuns: 100 },
    );
  });

  it('a group of 16,500 members in 16 KB reads is joined once, not once per read as ldapts would', () => {
    const big = group(9, 16_500);
    const cuts = Array.from({ length: Math.floor(big.length / 16_384) }, (_, i) => (i + 1) * 16_384);
    expect(cuts.length).toBeGreaterThan(40);
    const joins = (read: MessageParser['read']) => {
      const concat = vi.spyOn(Buffer, 'concat');
      try {
        const [message] = parse(big, cuts, read);
        expect((message!.member as string[]).length).toBe(16_500);
        expect(message!.afterRead).toBe(cuts.length + 1);
        return concat.mock.calls.length;
      } finally {
        concat.mockRestore();
      }
    };
    expect(joins(MessageParser.prototype.read)).toBeLessThanOrEqual(2);
    expect(joins(LDAPTS_READ)).toBeGreaterThanOrEqual(cuts.length);
  });

  it('knows an element\'s size from its header, in short and long form, and waits for a header cut short', () => {
    expect(elementSize(Buffer.from([0x30, 0x05]))).toBe(7);
    expect(elementSize(Buffer.from([0x30, 0x82, 0x01, 0x00]))).toBe(260);
    expect(elementSize(Buffer.from([0x30, 0x84, 0x00, 0x10]))).toBeUndefined();
    expect(elementSize(Buffer.from([0x30]))).toBeUndefined();
    // Indefinite lengths are left to ldapts, which refuses them.
    expect(elementSize(Buffer.from([0x30, 0x80]))).toBe(0);
  });
});

describe('a message larger than one message may be', () => {
  it('fails the operation it answers with the reason, drops the rest unread, and reads the next message', () => {
    const parser = new MessageParser();
    const errors: (Error & { messageDetails?: { messageId: number } })[] = [];
    const messages: number[] = [];
    parser.on('error', (err) => errors.push(err));
    parser.on('message', (m) => messages.push(m.messageId));
    const size = MAX_MESSAGE_BYTES + 1024;
    // A search result entry for message 7 whose header announces more than the limit.
    const header = Buffer.from([0x30, 0x84, ...[24, 16, 8, 0].map((s) => ((size - 6) >>> s) & 0xff), 0x02, 0x01, 0x07, 0x64]);
    parser.read(header, new Map());
    parser.read(Buffer.alloc(1000), new Map());
    expect(errors.map((e) => [e.name, e.messageDetails?.messageId])).toEqual([['MessageTooLarge', 7]]);
    expect(errors[0]!.message).toContain('over the 128 MB limit');
    expect((parser as unknown as { buffer?: Buffer }).buffer).toBeUndefined();
    // The rest of the refused message, then a message of its own.
    const rest = Buffer.alloc(size - header.length - 1000);
    parser.read(rest.subarray(0, rest.length - 10), new Map());
    parser.read(Buffer.concat([rest.subarray(rest.length - 10), group(8, 3)]), new Map());
    expect(messages).toEqual([8]);
    expect(errors).toHaveLength(1);
  });
});
