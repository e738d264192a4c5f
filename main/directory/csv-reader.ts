import type { AttributeValue, DirectoryObject } from '../../shared/directory-object.ts';
import { isBinaryAttribute } from '../../shared/directory-object.ts';
import { readCsvRecords } from './csv-records.ts';
import { EXPORT_ATTRIBUTES } from './export-instructions.ts';
import { SourceError } from './source-error.ts';

/**
 * Directory exports as CSV, written by `csvde` (DN column, multi-values joined with ";", binary as
 * X'hex') or by PowerShell `Export-Csv` (DistinguishedName column, optional #TYPE line, values
 * joined by the documented command, binary as base64). Header names are case-insensitive.
 */

const MULTI_VALUED = new Set(['objectclass', 'proxyaddresses', 'usercertificate', 'usersmimecertificate', 'member', 'memberof', 'othermailbox', 'uri']);
const TYPED_ADDRESS = new Set(['proxyaddresses', 'targetaddress']);
const DN_COLUMNS = new Set(['dn', 'distinguishedname']);
const POWERSHELL_COLLECTION = /^Microsoft\.ActiveDirectory\.Management\.AD\w*Collection$|^System\.Byte\[\]$|^System\.Object\[\]$/;
const HEX_BINARY = /^X'([0-9A-Fa-f]*)'$/;
/** ObjectGUID as PowerShell writes it (the .NET Guid text), with or without braces. */
const GUID_TEXT = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i;
/** A security identifier as PowerShell writes it (S-1-5-21-…). */
const SID_TEXT = /^S-1-(\d+)((?:-\d+)+)$/;

/**
 * `Get-ADUser | Export-Csv` writes PowerShell's property names, not LDAP's: each is read as the
 * attribute it stands for (a column named like the attribute itself wins).
 */
const POWERSHELL_NAMES: Readonly<Record<string, string>> = {
  emailaddress: 'mail',
  surname: 'sn',
  givenname: 'givenname',
  officephone: 'telephonenumber',
  sid: 'objectsid',
  name: 'cn',
};
/** The attributes the rules read: only these must hold real values, not a PowerShell type name. */
const READ_BY_RULES = new Set(EXPORT_ATTRIBUTES.map((a) => a.toLowerCase()));

/** .NET's Guid text is little-endian in its first three groups, as AD stores objectGUID. */
function guidBytes(m: RegExpExecArray): Buffer {
  const le = (hex: string) => Buffer.from(hex, 'hex').reverse();
  return Buffer.concat([le(m[1]!), le(m[2]!), le(m[3]!), Buffer.from(m[4]! + m[5]!, 'hex')]);
}

function sidBytes(m: RegExpExecArray): Buffer {
  const sub = m[2]!.slice(1).split('-').map(Number);
  const out = Buffer.alloc(8 + 4 * sub.length);
  out[0] = 1;
  out[1] = sub.length;
  out.writeUIntBE(Number(m[1]), 2, 6);
  sub.forEach((n, i) => out.writeUInt32LE(n >>> 0, 8 + 4 * i));
  return out;
}
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const TYPE_PREFIX = /^[A-Za-z0-9-]+:/;

/**
 * Splits a joined multi-valued cell. Line breaks win when present; otherwise ";". X.400 addresses
 * contain ";" themselves (`X400:C=US;A= ;P=Agency;…`), so for proxy addresses a piece that does
 * not start with `type:` belongs to the value before it.
 */
function splitMulti(attribute: string, cell: string): string[] {
  if (/[\r\n]/.test(cell)) return cell.split(/\r?\n/).filter((v) => v.length > 0);
  const pieces = cell.split(';');
  if (!TYPED_ADDRESS.has(attribute)) return pieces.filter((v) => v.length > 0);
  const out: string[] = [];
  for (const piece of pieces) {
    if (out.length > 0 && !TYPE_PREFIX.test(piece)) out[out.length - 1] += `;${piece}`;
    else if (piece.length > 0) out.push(piece);
  }
  return out;
}

function binaryValue(file: string, line: number, column: string, text: string): Buffer {
  const hex = HEX_BINARY.exec(text);
  if (hex) return Buffer.from(hex[1]!, 'hex');
  const guid = GUID_TEXT.exec(text.trim());
  if (guid) return guidBytes(guid);
  const sid = SID_TEXT.exec(text.trim());
  if (sid) return sidBytes(sid);
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 === 0 && BASE64.test(compact)) return Buffer.from(compact, 'base64');
  throw new SourceError(file, line, `column "${column}" holds neither X'hex', base64, GUID nor SID text`);
}

/**
 * `onHeader` learns the attributes (lower-case) the file's columns hold, before the first object:
 * a CSV says up front what it left out, which an LDIF cannot.
 */
export async function* readCsv(chunks: AsyncIterable<Buffer | string>, file: string, onHeader?: (attributes: ReadonlySet<string>) => void): AsyncGenerator<DirectoryObject> {
  let header: string[] | undefined;
  let dnIndex = -1;
  let enabledColumn = -1;
  for await (const batch of readCsvRecords(chunks, file)) {
    for (const record of batch) {
      if (!header) {
        if (record.fields.length === 1 && record.fields[0]!.startsWith('#TYPE')) continue;
        header = record.fields.map((h) => h.trim());
        const lower = header.map((h) => h.toLowerCase());
        dnIndex = lower.findIndex((h) => DN_COLUMNS.has(h));
        if (dnIndex < 0) throw new SourceError(file, record.line, 'the header has no DN or DistinguishedName column');
        const seen = new Set<string>();
        for (const h of lower) {
          if (h === '') throw new SourceError(file, record.line, 'the header has an empty column name');
          if (seen.has(h)) throw new SourceError(file, record.line, `the header names column "${h}" twice`);
          seen.add(h);
        }
        // PowerShell's property names, read as the attributes they stand for.
        header = lower.map((h) => (POWERSHELL_NAMES[h] && !lower.includes(POWERSHELL_NAMES[h]!) ? POWERSHELL_NAMES[h]! : h));
        enabledColumn = header.includes('useraccountcontrol') ? -1 : header.indexOf('enabled');
        onHeader?.(new Set(enabledColumn >= 0 ? [...header, 'useraccountcontrol'] : header));
        continue;
      }
      if (record.fields.length !== header.length) {
        throw new SourceError(file, record.line, `${record.fields.length} fields, but the header has ${header.length}`);
      }
      const dn = record.fields[dnIndex]!;
      if (dn.trim() === '') throw new SourceError(file, record.line, 'empty DN');
      const attributes = new Map<string, AttributeValue[]>();
      for (let i = 0; i < header.length; i++) {
        if (i === dnIndex) continue;
        const cell = record.fields[i]!;
        if (cell === '') continue;
        const name = header[i]!;
        if (POWERSHELL_COLLECTION.test(cell.trim())) {
          // Export-Csv writes a type name for every collection property; only the ones the rules read matter.
          if (!READ_BY_RULES.has(name)) continue;
          throw new SourceError(file, record.line, `column "${name}" holds "${cell.trim()}" instead of values: export it with the README's PowerShell command, which joins the values`);
        }
        const texts = MULTI_VALUED.has(name) ? splitMulti(name, cell) : [cell];
        const values = isBinaryAttribute(name) ? texts.map((t) => binaryValue(file, record.line, name, t)) : texts;
        if (values.length > 0) attributes.set(name, values);
      }
      // Get-ADUser's Enabled stands for the disabled bit of userAccountControl (0x2) when that is not exported.
      if (enabledColumn >= 0) {
        const enabled = record.fields[enabledColumn]!.trim().toLowerCase();
        if (enabled === 'true' || enabled === 'false') attributes.set('useraccountcontrol', [enabled === 'true' ? '512' : '514']);
      }
      yield { dn, attributes, sourceLine: record.line };
    }
  }
  if (!header) throw new SourceError(file, undefined, 'the file is empty (no header line)');
}
