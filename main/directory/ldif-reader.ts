import { isBinaryAttribute, type AttributeValue, type DirectoryObject } from '../../shared/directory-object.ts';
import { StringDecoder } from 'node:string_decoder';
import { SourceError } from './source-error.ts';

/**
 * RFC 2849 LDIF content records, as `ldifde` and `ldapsearch` write them: optional `version: 1`,
 * comments, folded lines, `::` base64 values (DNs too), CRLF or LF, case-insensitive attribute
 * names, options such as `;binary` or `;range=0-1499`, multi-valued attributes. Binary attributes
 * stay bytes; a base64 text value that is not UTF-8 also stays bytes rather than being mangled.
 */

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const ATTR_NAME = /^[A-Za-z][A-Za-z0-9-]*$|^\d+(\.\d+)*$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

interface Entry {
  dn: string | undefined;
  startLine: number;
  attributes: Map<string, AttributeValue[]>;
  /** Attributes read from a range that is not the last (`;range=0-1499`), and not completed by a `;range=…-*` later. */
  partial?: Set<string>;
  /** A record that is not an entry (an ldapsearch search reference or result trailer): read past, counted. */
  skip?: 'reference' | 'trailer';
}

/** What plain `ldapsearch` (without -LLL) writes besides entries, read past and counted. */
export interface SkippedRecords {
  references: number;
  trailers: number;
}

/** ldapsearch prints `ref:` records for referrals to other partitions, and `search:` / `result:` at its end. */
const NOT_AN_ENTRY: Readonly<Record<string, 'reference' | 'trailer'>> = { ref: 'reference', search: 'trailer', result: 'trailer' };

function decodeBase64(file: string, line: number, encoded: string): Buffer {
  const compact = encoded.replace(/\s+/g, '');
  if (compact.length % 4 === 1 || !BASE64.test(compact)) {
    throw new SourceError(file, line, 'invalid base64 value after "::"');
  }
  return Buffer.from(compact, 'base64');
}

function toText(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

interface Descriptor {
  /** The text before the colon, options included (`member;range=0-1499`). */
  raw: string;
  rawName: string;
  name: string;
  binary: boolean;
  /** From a `;range=low-high` option: whether this range is the last one (`high` is `*`). */
  range?: 'partial' | 'final';
}

/** Attribute descriptors repeat on every entry: parse each spelling once. */
const descriptors = new Map<string, Descriptor | null>();

function describe(raw: string): Descriptor | null {
  let d = descriptors.get(raw);
  if (d === undefined) {
    const [rawName, ...options] = raw.split(';');
    const name = rawName!.trim().toLowerCase();
    const range = options.map((o) => /^range=\d+-(\d+|\*)$/i.exec(o.trim())).find(Boolean);
    d = ATTR_NAME.test(name)
      ? { raw, rawName: rawName!, name, binary: options.some((o) => o.toLowerCase() === 'binary') || isBinaryAttribute(name), range: range ? (range[1] === '*' ? 'final' : 'partial') : undefined }
      : null;
    if (descriptors.size < 10_000) descriptors.set(raw, d);
  }
  return d;
}

/**
 * Exports write every entry's attributes in the same order, so the descriptor at a position is
 * predicted from the previous entry and confirmed with a prefix comparison: no substring, no map
 * lookup on the common path.
 */
class DescriptorPredictor {
  private readonly byPosition: (Descriptor | undefined)[] = [];
  position = 0;
  /** Where `descriptorOf` found the line's colon (≤ the line's start when it has none). */
  colon = 0;

  /** The descriptor of the line `text[start, end)`; its colon's index is left in `colon`. */
  descriptorOf(text: string, start: number, end: number): Descriptor | null {
    const guess = this.byPosition[this.position];
    // The descriptor holds no line break, so a colon right after it lies within this line.
    if (guess !== undefined && text.charCodeAt(start + guess.raw.length) === 58 && text.startsWith(guess.raw, start)) {
      this.position++;
      this.colon = start + guess.raw.length;
      return guess;
    }
    const colon = text.indexOf(':', start);
    if (colon <= start || colon >= end) {
      this.colon = start;
      return null;
    }
    this.colon = colon;
    const descriptor = describe(text.slice(start, colon));
    if (descriptor) this.byPosition[this.position] = descriptor;
    this.position++;
    return descriptor;
  }
}

/**
 * Applies one logical line, `text[start, end)`, to the entry being read. The common line is read
 * in place, by index, so the only string it costs is its value.
 */
function parseLine(file: string, lineNo: number, text: string, start: number, end: number, entry: Entry | undefined, predictor: DescriptorPredictor): Entry {
  if (entry?.skip) return entry;
  const descriptor = predictor.descriptorOf(text, start, end);
  const colon = predictor.colon;
  if (colon <= start) throw new SourceError(file, lineNo, `expected "attribute: value", found "${text.slice(start, Math.min(end, start + 40))}"`);
  if (!descriptor) throw new SourceError(file, lineNo, `invalid attribute name "${text.slice(start, colon)}"`);
  const { rawName, name, binary } = descriptor;
  let valueStart = colon + 1;
  const marker = valueStart < end ? text.charCodeAt(valueStart) : -1;
  let value: AttributeValue;
  if (marker === 58 /* :: base64 */) {
    const bytes = decodeBase64(file, lineNo, text.slice(valueStart + 1, end).trim());
    value = binary ? bytes : (toText(bytes) ?? bytes);
  } else if (marker === 60 /* :< URL */) {
    throw new SourceError(file, lineNo, `URL values (":<") are not supported; export "${rawName}" inline`);
  } else {
    while (valueStart < end && text.charCodeAt(valueStart) === 32) valueStart++;
    const rest = text.slice(valueStart, end);
    value = binary ? Buffer.from(rest, 'latin1') : rest;
  }

  if (name === 'dn') {
    if (entry?.dn !== undefined) throw new SourceError(file, lineNo, 'a second "dn:" line in one entry (missing blank line between entries?)');
    if (typeof value !== 'string' || value.trim() === '') throw new SourceError(file, lineNo, 'the DN is empty or not UTF-8');
    return { dn: value, startLine: lineNo, attributes: new Map() };
  }
  if (!entry || entry.dn === undefined) {
    const skip = NOT_AN_ENTRY[name];
    if (skip) return { dn: undefined, startLine: lineNo, attributes: new Map(), skip };
    if (name === 'version') {
      const version = text.slice(colon + 1, end).trim();
      if (version !== '1') throw new SourceError(file, lineNo, `unsupported LDIF version "${version}" (only 1)`);
      // Shaped like every other entry: code that V8 optimized for entries stays valid.
      return { dn: undefined, startLine: lineNo, attributes: new Map() };
    }
    throw new SourceError(file, lineNo, `"${rawName}:" before any "dn:" line`);
  }
  if (name === 'changetype') {
    if (typeof value === 'string' && value.trim().toLowerCase() === 'add') return entry;
    throw new SourceError(file, lineNo, `change records ("changetype: ${String(value).trim()}") are not an export; use a content export`);
  }
  const list = entry.attributes.get(name);
  if (list) list.push(value);
  else entry.attributes.set(name, [value]);
  if (descriptor.range === 'partial') (entry.partial ??= new Set()).add(name);
  else if (descriptor.range === 'final') entry.partial?.delete(name);
  return entry;
}

/**
 * Reads whole LDIF records out of text. Each `scan` must end at a record boundary (just after an
 * empty line) or at the end of the input; line numbers run on from one scan to the next. Lines are
 * found by index in the text, never split into strings of their own: at a million entries, the
 * line strings alone would be most of the parser's work and garbage.
 */
export class LdifScanner {
  private readonly file: string;
  private readonly predictor = new DescriptorPredictor();
  private entry: Entry | undefined;
  private line = 0;
  /** Records read past since the scanner was made (ldapsearch's references and trailers). */
  readonly skipped: SkippedRecords;

  constructor(file: string, skipped: SkippedRecords = { references: 0, trailers: 0 }) {
    this.file = file;
    this.skipped = skipped;
  }

  /**
   * Starts on a text of its own, its lines numbered from 1 again, keeping what the scanner learnt
   * of the attributes' order. (A fresh scanner per block would also hand V8 a fresh, empty
   * attribute order of another array kind, undoing the optimized code of the line parser.)
   */
  restart(): void {
    this.entry = undefined;
    this.line = 0;
    this.predictor.position = 0;
  }

  /** How many lines have been read. */
  get lines(): number {
    return this.line;
  }

  /** Calls `emit` with each entry of `text`, in order. */
  scan(text: string, emit: (obj: DirectoryObject) => void): void {
    const n = text.length;
    let pos = 0;
    while (pos < n) {
      let next = text.indexOf('\n', pos);
      next = next < 0 ? n : next + 1;
      const end = lineEnd(text, pos, next);
      const lineNo = ++this.line;
      const first = text.charCodeAt(pos);
      if (end === pos) {
        this.finishEntry(emit);
      } else if (first === 35 /* # */) {
        // A comment, and the lines folded into it.
        while (next < n && text.charCodeAt(next) === 32) {
          next = lineAfter(text, next);
          this.line++;
        }
      } else if (first === 32) {
        throw new SourceError(this.file, lineNo, 'continuation line (starting with a space) with nothing to continue');
      } else if (first === 45 /* - */) {
        throw new SourceError(this.file, lineNo, 'a "-" separator belongs to change records, not to an export');
      } else if (next < n && text.charCodeAt(next) === 32) {
        // A folded line: the rare case that needs a string of its own.
        let logical = text.slice(pos, end);
        while (next < n && text.charCodeAt(next) === 32) {
          const after = lineAfter(text, next);
          logical += text.slice(next + 1, lineEnd(text, next, after));
          next = after;
          this.line++;
        }
        this.entry = parseLine(this.file, lineNo, logical, 0, logical.length, this.entry, this.predictor);
      } else {
        this.entry = parseLine(this.file, lineNo, text, pos, end, this.entry, this.predictor);
      }
      pos = next;
    }
  }

  /** The input has ended: emits an entry that had no empty line after it. */
  end(emit: (obj: DirectoryObject) => void): void {
    this.finishEntry(emit);
  }

  private finishEntry(emit: (obj: DirectoryObject) => void): void {
    const done = this.entry;
    this.entry = undefined;
    this.predictor.position = 0;
    if (done?.skip === 'reference') this.skipped.references++;
    else if (done?.skip === 'trailer') this.skipped.trailers++;
    else if (done?.dn !== undefined) {
      const obj: DirectoryObject = { dn: done.dn, attributes: done.attributes, sourceLine: done.startLine };
      if (done.partial?.size) obj.partial = [...done.partial];
      emit(obj);
    }
  }
}

/** The start of the line after the one starting at `pos`. */
function lineAfter(text: string, pos: number): number {
  const lf = text.indexOf('\n', pos);
  return lf < 0 ? text.length : lf + 1;
}

/** The end of a line's content: before its line feed and the carriage return of a CRLF. */
function lineEnd(text: string, pos: number, next: number): number {
  let end = next;
  if (end > pos && text.charCodeAt(end - 1) === 10) end--;
  if (end > pos && text.charCodeAt(end - 1) === 13) end--;
  return end;
}

/**
 * The end of the last complete record in `text` (just after its empty line), or -1. It walks back
 * line by line from the end, so it costs the length of the last record: searching for the line
 * ending the file does not use would scan the whole text.
 */
export function lastRecordEnd(text: string): number {
  for (let lf = text.lastIndexOf('\n'); lf > 0; lf = text.lastIndexOf('\n', lf - 1)) {
    const before = text.charCodeAt(lf - 1);
    if (before === 10 || (before === 13 && lf > 1 && text.charCodeAt(lf - 2) === 10)) return lf + 1;
  }
  return -1;
}

/**
 * Streams DirectoryObjects out of LDIF chunks; `file` names the input in errors. Text is handed
 * to the scanner a run of whole records at a time; an entry longer than a chunk (a group with a
 * large member list) is gathered chunk by chunk and joined once, never re-copied per chunk.
 */
export async function* readLdif(chunks: AsyncIterable<Buffer | string>, file: string, skipped?: SkippedRecords): AsyncGenerator<DirectoryObject> {
  const decoder = new StringDecoder('utf8');
  // The caller's counters see what was read past, as it is read.
  const scanner = new LdifScanner(file, skipped);
  const ready: DirectoryObject[] = [];
  const emit = (obj: DirectoryObject): void => {
    ready.push(obj);
  };
  let pending: string[] = [];
  // The last two characters of `pending`: an empty line split across two chunks is still seen,
  // so entries go out as soon as they are complete instead of piling up in `pending`.
  let tail = '';
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    const end = lastRecordEnd(tail + text) - tail.length;
    if (end < 0) {
      pending.push(text);
      tail = (tail + text).slice(-2);
      continue;
    }
    scanner.scan(pending.join('') + text.slice(0, end), emit);
    pending = [text.slice(end)];
    tail = text.slice(Math.max(end, text.length - 2));
    yield* ready;
    ready.length = 0;
  }
  scanner.scan(pending.join('') + decoder.end(), emit);
  scanner.end(emit);
  yield* ready;
}
