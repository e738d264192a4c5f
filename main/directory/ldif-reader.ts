import { isBinaryAttribute, type AttributeValue, type DirectoryObject } from '../../shared/directory-object.ts';
import { lineBatches } from './lines.ts';
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
  dn?: string;
  startLine: number;
  attributes: Map<string, AttributeValue[]>;
}

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
}

/** Attribute descriptors repeat on every entry: parse each spelling once. */
const descriptors = new Map<string, Descriptor | null>();

function describe(raw: string): Descriptor | null {
  let d = descriptors.get(raw);
  if (d === undefined) {
    const [rawName, ...options] = raw.split(';');
    const name = rawName!.trim().toLowerCase();
    d = ATTR_NAME.test(name)
      ? { raw, rawName: rawName!, name, binary: options.some((o) => o.toLowerCase() === 'binary') || isBinaryAttribute(name) }
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

  descriptorOf(text: string): { descriptor: Descriptor | null; colon: number } {
    const guess = this.byPosition[this.position];
    if (guess !== undefined && text.charCodeAt(guess.raw.length) === 58 && text.startsWith(guess.raw)) {
      this.position++;
      return { descriptor: guess, colon: guess.raw.length };
    }
    const colon = text.indexOf(':');
    if (colon <= 0) return { descriptor: null, colon };
    const descriptor = describe(text.slice(0, colon));
    if (descriptor) this.byPosition[this.position] = descriptor;
    this.position++;
    return { descriptor, colon };
  }
}

function parseLine(file: string, lineNo: number, text: string, entry: Entry | undefined, predictor: DescriptorPredictor): Entry {
  const { descriptor, colon } = predictor.descriptorOf(text);
  if (colon <= 0) throw new SourceError(file, lineNo, `expected "attribute: value", found "${text.slice(0, 40)}"`);
  if (!descriptor) throw new SourceError(file, lineNo, `invalid attribute name "${text.slice(0, colon)}"`);
  const { rawName, name, binary } = descriptor;
  let rest = text.slice(colon + 1);
  let value: AttributeValue;
  if (rest.startsWith(':')) {
    const bytes = decodeBase64(file, lineNo, rest.slice(1).trim());
    value = binary ? bytes : (toText(bytes) ?? bytes);
  } else if (rest.startsWith('<')) {
    throw new SourceError(file, lineNo, `URL values (":<") are not supported; export "${rawName}" inline`);
  } else {
    let start = 0;
    while (rest.charCodeAt(start) === 32) start++;
    rest = start > 0 ? rest.slice(start) : rest;
    value = binary ? Buffer.from(rest, 'latin1') : rest;
  }

  if (name === 'dn') {
    if (entry?.dn !== undefined) throw new SourceError(file, lineNo, 'a second "dn:" line in one entry (missing blank line between entries?)');
    if (typeof value !== 'string' || value.trim() === '') throw new SourceError(file, lineNo, 'the DN is empty or not UTF-8');
    return { dn: value, startLine: lineNo, attributes: new Map() };
  }
  if (!entry || entry.dn === undefined) {
    if (name === 'version') {
      if (rest.trim() !== '1') throw new SourceError(file, lineNo, `unsupported LDIF version "${rest.trim()}" (only 1)`);
      return { startLine: lineNo, attributes: new Map() };
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
  return entry;
}

/** Streams DirectoryObjects out of LDIF text chunks; `file` names the input in errors. */
export async function* readLdif(chunks: AsyncIterable<Buffer | string>, file: string): AsyncGenerator<DirectoryObject> {
  let lineNo = 0;
  let entry: Entry | undefined;
  let pending: string | undefined; // logical line being unfolded
  let pendingLine = 0;
  let inComment = false;

  const predictor = new DescriptorPredictor();

  function flushPending(): void {
    if (pending !== undefined) {
      entry = parseLine(file, pendingLine, pending, entry, predictor);
      pending = undefined;
    }
  }

  function finishEntry(): DirectoryObject | undefined {
    const done = entry;
    entry = undefined;
    predictor.position = 0;
    if (!done || done.dn === undefined) return undefined;
    return { dn: done.dn, attributes: done.attributes, sourceLine: done.startLine };
  }

  for await (const batch of lineBatches(chunks)) {
    for (const line of batch) {
      lineNo++;
      if (line.startsWith(' ')) {
        if (inComment) continue;
        if (pending === undefined) throw new SourceError(file, lineNo, 'continuation line (starting with a space) with nothing to continue');
        pending += line.slice(1);
        continue;
      }
      flushPending();
      inComment = false;
      if (line.length === 0) {
        const obj = finishEntry();
        if (obj) yield obj;
        continue;
      }
      if (line.startsWith('#')) {
        inComment = true;
        continue;
      }
      if (line.startsWith('-')) throw new SourceError(file, lineNo, 'a "-" separator belongs to change records, not to an export');
      pending = line;
      pendingLine = lineNo;
    }
  }
  flushPending();
  const last = finishEntry();
  if (last) yield last;
}
