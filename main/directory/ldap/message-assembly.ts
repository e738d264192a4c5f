import { MessageParser } from 'ldapts';
import { assertPatchable } from './ldapts-internals.ts';

/**
 * ldapts joins every socket read onto the unfinished message before it (`Buffer.concat`), so a
 * message spread over k reads is copied k times: quadratic in its size. A group's members come as
 * one message of up to a megabyte or more (Samba sends every remaining member at once), about 64
 * TLS reads, and joining them took longer than the server took to send them.
 *
 * Here the reads of an unfinished message are only collected until the message's length (known
 * from its header) has arrived, then joined once and handed to ldapts's own reader, which parses
 * exactly as before.
 */
type Reader = MessageParser['read'];
interface Assembly {
  chunks: Buffer[];
  bytes: number;
}

/**
 * No single LDAP message may hold more than this: a server (or something posing as one) that
 * announces a larger one would otherwise have the client buffer it whole. A group of 350,000
 * members that Samba sends in one message is about 25 MB; AD sends ranges of 1,500 values.
 */
export const MAX_MESSAGE_BYTES = 128 * 1024 * 1024;

/** Refused: the message that announced more than MAX_MESSAGE_BYTES. */
export class MessageTooLarge extends Error {
  override name = 'MessageTooLarge';
  messageDetails?: { messageId: number };
  constructor(size: number) {
    super(`the server sent an LDAP message of ${(size / 1048576).toFixed(0)} MB, over the ${MAX_MESSAGE_BYTES / 1048576} MB limit of one message; the search was stopped`);
  }
}

/** The message id of a message whose header is at the start of `b` (its first element, an INTEGER), if it is there yet. */
function messageIdOf(b: Buffer): number | undefined {
  const header = b[1]! & 0x80 ? 2 + (b[1]! & 0x7f) : 2;
  if (b[header] !== 0x02) return undefined;
  const len = b[header + 1]!;
  if (len > 4 || b.length < header + 2 + len) return undefined;
  let id = 0;
  for (let i = 0; i < len; i++) id = id * 256 + b[header + 2 + i]!;
  return id;
}
const ORIGINAL = Symbol.for('ad-readiness-workbench.ldapts-message-read');
const ASSEMBLY = Symbol.for('ad-readiness-workbench.ldapts-message-assembly');
/** ldapts's private unfinished-message buffer, and the reads collected after it. */
const SKIP = Symbol.for('ad-readiness-workbench.ldapts-message-skip');
interface ParserState {
  buffer?: Buffer;
  [ASSEMBLY]?: Assembly;
  /** Bytes still to come of a refused message, dropped as they arrive. */
  [SKIP]?: number;
}
const prototype = MessageParser.prototype as MessageParser & { [ORIGINAL]?: Reader };

/** ldapts's own `read`, as it was before `installMessageAssembly` (the tests compare against it). */
export const LDAPTS_READ: Reader = prototype[ORIGINAL] ?? prototype.read;

/** Total size of the BER element that starts `b` (tag, length, contents), or undefined while its header is incomplete. */
export function elementSize(b: Buffer): number | undefined {
  if (b.length < 2) return undefined;
  const first = b[1]!;
  if (!(first & 0x80)) return 2 + first;
  const bytes = first & 0x7f;
  // Indefinite or oversized lengths are ldapts's to reject: report them as complete.
  if (bytes === 0 || bytes > 4) return 0;
  if (b.length < 2 + bytes) return undefined;
  let length = 0;
  for (let i = 0; i < bytes; i++) length = length * 256 + b[2 + i]!;
  return 2 + bytes + length;
}

export function installMessageAssembly(): void {
  if (prototype[ORIGINAL]) return;
  assertPatchable('MessageParser.read', LDAPTS_READ, 'main/directory/ldap/message-assembly.ts');
  prototype[ORIGINAL] = LDAPTS_READ;
  prototype.read = function (this: MessageParser, data, messageDetailsByMessageId) {
    const state = this as unknown as ParserState;
    const skipping = state[SKIP];
    if (skipping !== undefined) {
      if (data.length <= skipping) {
        state[SKIP] = skipping - data.length || undefined;
        return;
      }
      state[SKIP] = undefined;
      data = data.subarray(skipping);
    }
    const unfinished = state.buffer;
    if (!unfinished) return LDAPTS_READ.call(this, data, messageDetailsByMessageId);
    const assembly = (state[ASSEMBLY] ??= { chunks: [], bytes: unfinished.length });
    assembly.chunks.push(data);
    assembly.bytes += data.length;
    // A header is at most 6 bytes; only a message cut within its header needs the reads joined to see it.
    const head = unfinished.length >= 16 ? unfinished : Buffer.concat([unfinished, ...assembly.chunks]);
    const size = elementSize(head);
    if (size !== undefined && size > MAX_MESSAGE_BYTES) {
      // The operation it answers fails with the reason; the rest of the message is dropped unread.
      const refused = new MessageTooLarge(size);
      const id = messageIdOf(head);
      if (id !== undefined) refused.messageDetails = { messageId: id };
      state[ASSEMBLY] = undefined;
      state.buffer = undefined;
      state[SKIP] = Math.max(0, size - assembly.bytes) || undefined;
      this.emit('error', refused);
      return;
    }
    if (size !== undefined && assembly.bytes < size) return;
    state[ASSEMBLY] = undefined;
    state.buffer = undefined;
    LDAPTS_READ.call(this, Buffer.concat([unfinished, ...assembly.chunks]), messageDetailsByMessageId);
  };
}
