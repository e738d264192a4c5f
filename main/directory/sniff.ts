import { closeSync, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { SourceError } from './source-error.ts';

/**
 * What an export file is, told from its content, not its name: people save ldapsearch output as
 * `.txt`, PowerShell CSVs as anything, and Windows tools write UTF-16 with or without a BOM. The
 * first 64 KB say the encoding (BOMs; UTF-16 without one by its zero bytes), the line ends (CR
 * only, as some old Mac-era tools write, would otherwise read as one line) and the format (an
 * LDIF record starts with `version:` or `dn:`; a directory CSV has a DN column in its header).
 */
export interface Sniffed {
  encoding: 'utf8' | 'utf8-bom' | 'utf16le';
  format: 'ldif' | 'csv';
  /** Lines end with CR alone: read as if they ended with LF. */
  crOnly: boolean;
}

const HEAD_BYTES = 64 * 1024;

function headOf(path: string): Buffer {
  const head = Buffer.alloc(HEAD_BYTES);
  const fd = openSync(path, 'r');
  try {
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** UTF-16 without a BOM: ASCII text leaves every other byte zero. */
function zeroShare(b: Buffer, parity: 0 | 1): number {
  let zeros = 0;
  let n = 0;
  for (let i = parity; i < Math.min(b.length, 400); i += 2, n++) if (b[i] === 0) zeros++;
  return n === 0 ? 0 : zeros / n;
}

function encodingOf(path: string, b: Buffer): Sniffed['encoding'] {
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf16le';
  if (b[0] === 0xfe && b[1] === 0xff) throw new SourceError(path, undefined, 'is UTF-16 big-endian: save it as UTF-8 or UTF-16 little-endian (Unicode) and run again');
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf8-bom';
  if (b.length >= 4 && zeroShare(b, 1) > 0.4 && zeroShare(b, 0) < 0.1) return 'utf16le';
  if (b.length >= 4 && zeroShare(b, 0) > 0.4 && zeroShare(b, 1) < 0.1) throw new SourceError(path, undefined, 'is UTF-16 big-endian without a BOM: save it as UTF-8 or UTF-16 little-endian (Unicode) and run again');
  if (b.includes(0)) throw new SourceError(path, undefined, 'holds binary data, not a text export (LDIF or CSV)');
  return 'utf8';
}

const LDIF_START = /^(version|dn)\s*::?/i;
const CSV_DN_HEADER = /^"?(dn|distinguishedname)"?\s*[,;\t]|[,;\t]\s*"?(dn|distinguishedname)"?\s*([,;\t]|$)/i;

export function sniffExport(path: string): Sniffed {
  const head = headOf(path);
  const encoding = encodingOf(path, head);
  const text = (encoding === 'utf16le' ? head.toString('utf16le') : head.toString('utf8')).replace(/^\ufeff/, '');
  const crOnly = text.includes('\r') && !text.includes('\n');
  const lines = text.split(crOnly ? '\r' : /\r?\n/);
  const first = lines.find((l) => l.trim() !== '' && !l.startsWith('#'));
  const ext = extname(path).toLowerCase();
  const byName = ext === '.ldif' || ext === '.ldf' ? 'ldif' : ext === '.csv' ? 'csv' : undefined;
  if (first === undefined) {
    // Nothing but comments or blank lines: an LDIF that holds no entry (it is then not assessed), or a CSV without its header.
    if (byName === 'csv') throw new SourceError(path, undefined, 'is empty: a CSV export starts with a header line naming its columns (DN or DistinguishedName first)');
    return { encoding, format: 'ldif', crOnly };
  }
  if (LDIF_START.test(first)) return { encoding, format: 'ldif', crOnly };
  const header = lines.find((l) => l.trim() !== '' && !l.startsWith('#TYPE'));
  if (header !== undefined && CSV_DN_HEADER.test(header)) return { encoding, format: 'csv', crOnly };
  if (byName) return { encoding, format: byName, crOnly };
  const shown = first.slice(0, 60).replace(/[\u0000-\u001f\u007f]/g, '?');
  throw new SourceError(path, undefined, `is neither an LDIF nor a directory CSV export: its first line is "${shown}${first.length > 60 ? '…' : ''}" (an LDIF starts with "dn:" or "version:"; a CSV's header names a DN or DistinguishedName column)`);
}
