import { MessageParser } from 'ldapts';

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
const ORIGINAL = Symbol.for('ad-readiness-workbench.ldapts-message-read');
const ASSEMBLY = Symbol.for('ad-readiness-workbench.ldapts-message-assembly');
/** ldapts's private unfinished-message buffer, and the reads collected after it. */
interface ParserState {
  buffer?: Buffer;
  [ASSEMBLY]?: Assembly;
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
  prototype[ORIGINAL] = LDAPTS_READ;
  prototype.read = function (this: MessageParser, data, messageDetailsByMessageId) {
    const state = this as unknown as ParserState;
    const unfinished = state.buffer;
    if (!unfinished) return LDAPTS_READ.call(this, data, messageDetailsByMessageId);
    const assembly = (state[ASSEMBLY] ??= { chunks: [], bytes: unfinished.length });
    assembly.chunks.push(data);
    assembly.bytes += data.length;
    // A header is at most 6 bytes; only a message cut within its header needs the reads joined to see it.
    const size = elementSize(unfinished.length >= 6 ? unfinished : Buffer.concat([unfinished, ...assembly.chunks]));
    if (size !== undefined && assembly.bytes < size) return;
    state[ASSEMBLY] = undefined;
    state.buffer = undefined;
    LDAPTS_READ.call(this, Buffer.concat([unfinished, ...assembly.chunks]), messageDetailsByMessageId);
  };
}
