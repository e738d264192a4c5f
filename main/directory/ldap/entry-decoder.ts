import { isUtf8 } from 'node:buffer';
import { Attribute, BerReader, SearchEntry, type Entry } from 'ldapts';
import { assertPatchable } from './ldapts-internals.ts';
import { BINARY_ATTRIBUTES, type AttributeValue, type DirectoryObject } from '../../../shared/directory-object.ts';

/**
 * A faster reading of search entries than ldapts's own, for the collection search.
 *
 * ldapts decodes every value of every entry as it arrives: an Attribute object, a Buffer view
 * and a strict TextDecoder call per value, then a second pass (`toObject`) that copies it all into
 * a plain object, which the collector copied again into a DirectoryObject. On a scan that is most
 * of this process's work, and the garbage it leaves is most of the rest; with the server on the
 * same two cores, it decides how far the scan lags behind a raw `ldapsearch` dump.
 *
 * So an entry's attributes are kept as the bytes they came in (one reference and two offsets,
 * found while ldapts parses the message) and decoded once:
 * - for a search that asks with `DIRECT_DECODE` as its buffer attributes (the collector's), only
 *   when the collector takes the entry (`decodeEntry`), straight into a DirectoryObject with the
 *   `member;range=…` continuations still to fetch. Decoding after ldapts hands over the page, not
 *   while it does, lets the request for the next page leave at once: on one connection the
 *   server would otherwise wait for the decoding of every page;
 * - for any other search (discovery, ranges), by ldapts's own Attribute parser and `toObject`,
 *   so those results are exactly what ldapts returns (a test compares both on the same bytes).
 */

/**
 * A search's buffer attributes (`explicitBufferAttributes`), marked for direct decoding. The mark
 * is a registered symbol, not this array's identity, so it holds across module instances.
 */
const DIRECT_MARK = Symbol.for('ad-readiness-workbench.direct-decode');
export const DIRECT_DECODE: readonly string[] = Object.freeze(Object.assign([...BINARY_ATTRIBUTES], { [DIRECT_MARK]: true }));
const isDirect = (list: readonly string[]): boolean => (list as { [DIRECT_MARK]?: boolean })[DIRECT_MARK] === true;

export interface DecodedEntry {
  obj: DirectoryObject;
  /** Ranged attributes whose answer stopped before `*`: the value to ask from next. */
  continuations: { attribute: string; next: number }[];
}

interface RawAttributes {
  buffer: Buffer;
  start: number;
  end: number;
}

const RAW = Symbol.for('ad-readiness-workbench.raw-attributes');
type LazyEntry = SearchEntry & { [RAW]?: RawAttributes };
const RANGED = /^(.+);range=(\d+)-(\d+|\*)$/i;

export class MalformedEntryError extends Error {
  override name = 'MalformedEntryError';
}

/** Length of the contents of the element `contentAt` read last. */
let elementLength = 0;

/** Offset of the contents of the BER element at `at` (which must carry `tag` and end by `limit`). */
function contentAt(b: Buffer, at: number, tag: number, limit: number): number {
  if (at + 2 > limit || b[at] !== tag) throw new MalformedEntryError(`malformed search entry from the server: expected tag 0x${tag.toString(16)} at byte ${at}`);
  let length = b[at + 1]!;
  let p = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4 || p + bytes > limit) throw new MalformedEntryError(`malformed search entry from the server: bad length at byte ${at + 1}`);
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + b[p++]!;
  }
  if (p + length > limit) throw new MalformedEntryError(`malformed search entry from the server: element at byte ${at} runs past its container`);
  elementLength = length;
  return p;
}

/**
 * The values of one attribute. Text unless the attribute is binary; a value that is not valid
 * UTF-8 turns the whole attribute into bytes, as ldapts does, so nothing is lost to replacement
 * characters.
 */
function decodeValues(b: Buffer, start: number, end: number, binary: boolean, into: AttributeValue[]): void {
  const first = into.length;
  for (let at = start; at < end; ) {
    const s = contentAt(b, at, 0x04, end);
    at = s + elementLength;
    if (binary) {
      into.push(new Uint8Array(b.buffer, b.byteOffset + s, elementLength));
      continue;
    }
    const text = b.toString('utf8', s, at);
    if (text.includes('\uFFFD') && !isUtf8(b.subarray(s, at))) {
      into.length = first;
      decodeValues(b, start, end, true, into);
      return;
    }
    into.push(text);
  }
}

function decodeDirect(dn: string, raw: RawAttributes): DecodedEntry {
  const { buffer: b, end } = raw;
  const attributes = new Map<string, AttributeValue[]>();
  const continuations: DecodedEntry['continuations'] = [];
  for (let at = raw.start; at < end; ) {
    const inner = contentAt(b, at, 0x30, end);
    const attributeEnd = inner + elementLength;
    at = attributeEnd;
    const typeAt = contentAt(b, inner, 0x04, attributeEnd);
    // Attribute descriptions are ASCII (RFC 4512 §2.5).
    const type = b.toString('latin1', typeAt, typeAt + elementLength);
    const setAt = contentAt(b, typeAt + elementLength, 0x31, attributeEnd);
    const setEnd = setAt + elementLength;
    // An empty ranged answer (Samba's for a group without members) has nothing more to fetch.
    if (setEnd === setAt) continue;
    let name = type;
    if (type.includes(';')) {
      const m = RANGED.exec(type);
      if (m) {
        name = m[1]!;
        if (m[3] !== '*') continuations.push({ attribute: name, next: Number(m[3]) + 1 });
      }
    }
    const lower = name.toLowerCase();
    let values = attributes.get(lower);
    if (!values) attributes.set(lower, (values = []));
    decodeValues(b, setAt, setEnd, BINARY_ATTRIBUTES.has(lower) || /;binary$/i.test(type), values);
  }
  return { obj: { dn, attributes }, continuations };
}

/** ldapts's own reading of the attributes, for every search but the collector's. */
function ldaptsAttributes(raw: RawAttributes): Attribute[] {
  const reader = new BerReader(raw.buffer);
  reader.offset = raw.start;
  reader.setBufferSize(raw.end);
  const list: Attribute[] = [];
  while (reader.offset < raw.end) {
    const attribute = new Attribute();
    attribute.parse(reader);
    list.push(attribute);
  }
  return list;
}

/**
 * ldapts's own methods, kept on the prototype itself: a module loaded twice (as test runners do)
 * must neither patch twice nor take the patched methods for the originals.
 */
const ORIGINALS = Symbol.for('ad-readiness-workbench.ldapts-search-entry');
const prototype = SearchEntry.prototype as SearchEntry & { [ORIGINALS]?: Pick<SearchEntry, 'parseMessage' | 'toObject'> };
export const LDAPTS_SEARCH_ENTRY = prototype[ORIGINALS] ?? { parseMessage: prototype.parseMessage, toObject: prototype.toObject };

/** Replaces ldapts's SearchEntry decoding, once per process (see above). */
export function installEntryDecoder(): void {
  if (prototype[ORIGINALS]) return;
  assertPatchable('SearchEntry.parseMessage', LDAPTS_SEARCH_ENTRY.parseMessage, 'main/directory/ldap/entry-decoder.ts');
  assertPatchable('SearchEntry.toObject', LDAPTS_SEARCH_ENTRY.toObject, 'main/directory/ldap/entry-decoder.ts');
  prototype[ORIGINALS] = LDAPTS_SEARCH_ENTRY;
  const ldaptsToObject = LDAPTS_SEARCH_ENTRY.toObject;
  prototype.parseMessage = function (this: LazyEntry, reader: BerReader): void {
    this.name = reader.readString() ?? '';
    if (reader.readSequence() === null) return;
    const start = reader.offset;
    this[RAW] = { buffer: reader.buffer, start, end: start + reader.length };
    reader.offset = start + reader.length;
  };
  prototype.toObject = function (this: LazyEntry, requestAttributes: string[], explicitBufferAttributes: string[]): Entry {
    const raw = this[RAW];
    if (raw) {
      this[RAW] = undefined;
      if (isDirect(explicitBufferAttributes)) return { dn: this.name, [RAW]: raw } as unknown as Entry;
      this.attributes = ldaptsAttributes(raw);
    }
    return ldaptsToObject.call(this, requestAttributes, explicitBufferAttributes);
  };
}

/** Decodes an entry of a collection search (left undecoded until now, see above). */
export function decodeEntry(entry: Entry): DecodedEntry {
  const raw = (entry as unknown as { [RAW]?: RawAttributes })[RAW];
  if (!raw) throw new Error('decodeEntry: the entry does not come from a search that asked for DIRECT_DECODE');
  return decodeDirect(entry.dn, raw);
}
