import { SourceError } from './source-error.ts';

/**
 * RFC 2849 change records (`changetype: modify`), as the remediation files are written: the
 * project reads its own output back to prove it, and an administrator's edited copy can be
 * checked before it is applied. Small files only (they hold accepted changes, not a directory).
 */
export interface LdifModification {
  op: 'add' | 'delete' | 'replace';
  attribute: string;
  values: string[];
}

export interface LdifChangeRecord {
  dn: string;
  line: number;
  modifications: LdifModification[];
}

function logicalLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.startsWith(' ') && out.length > 0 && out[out.length - 1]!.text !== '') out[out.length - 1]!.text += raw.slice(1);
    else out.push({ text: raw, line: i + 1 });
  });
  return out;
}

function valueOf(file: string, line: number, text: string): { name: string; value: string } {
  const colon = text.indexOf(':');
  if (colon <= 0) throw new SourceError(file, line, `expected "attribute: value", found "${text.slice(0, 40)}"`);
  const name = text.slice(0, colon);
  const rest = text.slice(colon + 1);
  const value = rest.startsWith(':') ? Buffer.from(rest.slice(1).trim(), 'base64').toString('utf8') : rest.replace(/^ +/, '');
  return { name, value };
}

export function readLdifChanges(text: string, file: string): LdifChangeRecord[] {
  const records: LdifChangeRecord[] = [];
  let current: LdifChangeRecord | undefined;
  let mod: LdifModification | undefined;
  for (const { text: l, line } of logicalLines(text)) {
    if (l.startsWith('#')) continue;
    if (l === '') {
      if (mod) throw new SourceError(file, line, `the "${mod.op}: ${mod.attribute}" modification is not closed by "-"`);
      current = undefined;
      continue;
    }
    if (l === '-') {
      if (!mod) throw new SourceError(file, line, '"-" without a modification to close');
      current!.modifications.push(mod);
      mod = undefined;
      continue;
    }
    const { name, value } = valueOf(file, line, l);
    const key = name.toLowerCase();
    if (!current) {
      if (key === 'version') continue;
      if (key !== 'dn') throw new SourceError(file, line, `a record must start with "dn:", found "${name}:"`);
      records.push((current = { dn: value, line, modifications: [] }));
    } else if (key === 'changetype') {
      if (value.trim().toLowerCase() !== 'modify') throw new SourceError(file, line, `only "changetype: modify" records are expected, found "${value}"`);
    } else if (!mod && (key === 'add' || key === 'delete' || key === 'replace')) {
      mod = { op: key, attribute: value.trim(), values: [] };
    } else if (mod && key === mod.attribute.toLowerCase()) {
      mod.values.push(value);
    } else {
      throw new SourceError(file, line, mod ? `"${name}:" inside the "${mod.op}: ${mod.attribute}" modification` : `"${name}:" outside a modification`);
    }
  }
  if (mod) throw new SourceError(file, undefined, `the last modification ("${mod.op}: ${mod.attribute}") is not closed by "-"`);
  return records;
}
