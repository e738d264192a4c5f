import type { AttributeValue, DirectoryObject } from './directory-object.ts';

/**
 * RFC 4515 LDAP filters, parsed and evaluated on a DirectoryObject, so a user's own scope filter
 * applies the same way to an LDIF import as to a live search. Supports &, |, !, =, =*, substrings,
 * >=, <=, ~= (as equality) and AD's bitwise matching rules (1.2.840.113556.1.4.803 AND, .804 OR).
 */
export type Filter =
  | { op: 'and' | 'or'; items: Filter[] }
  | { op: 'not'; item: Filter }
  | { op: 'present'; attr: string }
  | { op: 'eq' | 'ge' | 'le'; attr: string; value: string }
  | { op: 'substr'; attr: string; initial?: string; any: string[]; final?: string }
  | { op: 'bits'; attr: string; rule: 'and' | 'or'; value: bigint };

export class FilterSyntaxError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(`${message} at position ${position + 1}`);
    this.position = position;
  }
}

const BIT_AND = '1.2.840.113556.1.4.803';

/**
 * Deeper filters are refused with a clear error rather than overflowing the stack (about 3,000
 * levels did). AD itself stops far sooner; no scope a person writes comes near.
 */
export const MAX_FILTER_DEPTH = 100;
const BIT_OR = '1.2.840.113556.1.4.804';

function unescapeValue(raw: string, pos: number): string {
  return raw.replace(/\\([0-9a-fA-F]{2})?/g, (m, hex: string | undefined) => {
    if (!hex) throw new FilterSyntaxError('A backslash must be followed by two hex digits', pos);
    return String.fromCharCode(parseInt(hex, 16));
  });
}

export function parseFilter(text: string): Filter {
  let pos = 0;
  const src = text.trim();

  function expect(ch: string): void {
    if (src[pos] !== ch) throw new FilterSyntaxError(`Expected "${ch}"`, pos);
    pos++;
  }

  let depth = 0;

  function parseItem(): Filter {
    if (++depth > MAX_FILTER_DEPTH) throw new FilterSyntaxError(`The filter nests deeper than ${MAX_FILTER_DEPTH} levels`, pos);
    expect('(');
    const c = src[pos];
    let result: Filter;
    if (c === '&' || c === '|') {
      pos++;
      const items: Filter[] = [];
      while (src[pos] === '(') items.push(parseItem());
      if (items.length === 0) throw new FilterSyntaxError('An & or | needs at least one filter', pos);
      result = { op: c === '&' ? 'and' : 'or', items };
    } else if (c === '!') {
      pos++;
      result = { op: 'not', item: parseItem() };
    } else {
      result = parseSimple();
    }
    expect(')');
    depth--;
    return result;
  }

  function parseSimple(): Filter {
    const start = pos;
    while (pos < src.length && src[pos] !== ')') {
      if (src[pos] === '(') throw new FilterSyntaxError('Unescaped "(" in a value', pos);
      pos++;
    }
    const body = src.slice(start, pos);
    const m = /^([A-Za-z0-9;.-]+?)(?::([0-9.]+):)?(>=|<=|~=|=)(.*)$/s.exec(body);
    if (!m) throw new FilterSyntaxError(`"${body}" is not attribute=value`, start);
    const attr = m[1]!.toLowerCase();
    const rule = m[2];
    const op = m[3]!;
    const raw = m[4]!;
    if (rule) {
      if (rule !== BIT_AND && rule !== BIT_OR) throw new FilterSyntaxError(`Matching rule ${rule} is not supported`, start);
      if (!/^\d+$/.test(raw)) throw new FilterSyntaxError('A bitwise matching rule needs a decimal value', start);
      return { op: 'bits', attr, rule: rule === BIT_AND ? 'and' : 'or', value: BigInt(raw) };
    }
    if (op === '>=' || op === '<=') return { op: op === '>=' ? 'ge' : 'le', attr, value: unescapeValue(raw, start) };
    if (raw === '*') return { op: 'present', attr };
    if (raw.includes('*')) {
      const parts = raw.split('*').map((p) => unescapeValue(p, start));
      const initial = parts[0] || undefined;
      const final = parts[parts.length - 1] || undefined;
      return { op: 'substr', attr, initial, final, any: parts.slice(1, -1).filter((p) => p.length > 0) };
    }
    return { op: 'eq', attr, value: unescapeValue(raw, start) };
  }

  if (!src.startsWith('(')) {
    // Accept the common shorthand without outer parentheses: "department=Finance".
    return parseFilter(`(${src})`);
  }
  const filter = parseItem();
  if (pos !== src.length) throw new FilterSyntaxError('Unexpected text after the filter', pos);
  return filter;
}

function asText(v: AttributeValue): string {
  return typeof v === 'string' ? v : '';
}

function toBigInt(v: string): bigint | undefined {
  return /^-?\d+$/.test(v.trim()) ? BigInt(v.trim()) : undefined;
}

function compare(a: string, b: string): number {
  const na = toBigInt(a);
  const nb = toBigInt(b);
  if (na !== undefined && nb !== undefined) return na < nb ? -1 : na > nb ? 1 : 0;
  return a.toLowerCase().localeCompare(b.toLowerCase());
}

function matchSubstr(value: string, f: Extract<Filter, { op: 'substr' }>): boolean {
  let v = value.toLowerCase();
  if (f.initial) {
    if (!v.startsWith(f.initial.toLowerCase())) return false;
    v = v.slice(f.initial.length);
  }
  if (f.final) {
    if (!v.endsWith(f.final.toLowerCase())) return false;
    v = v.slice(0, v.length - f.final.length);
  }
  for (const part of f.any) {
    const i = v.indexOf(part.toLowerCase());
    if (i < 0) return false;
    v = v.slice(i + part.length);
  }
  return true;
}

export function matchesFilter(obj: DirectoryObject, f: Filter): boolean {
  switch (f.op) {
    case 'and':
      return f.items.every((i) => matchesFilter(obj, i));
    case 'or':
      return f.items.some((i) => matchesFilter(obj, i));
    case 'not':
      return !matchesFilter(obj, f.item);
    default:
      break;
  }
  const vals = f.attr === 'distinguishedname' || f.attr === 'dn' ? [obj.dn] : (obj.attributes.get(f.attr) ?? []).map(asText);
  switch (f.op) {
    case 'present':
      return vals.length > 0;
    case 'eq':
      return vals.some((v) => compare(v, f.value) === 0);
    case 'ge':
      return vals.some((v) => compare(v, f.value) >= 0);
    case 'le':
      return vals.some((v) => compare(v, f.value) <= 0);
    case 'substr':
      return vals.some((v) => matchSubstr(v, f));
    case 'bits':
      return vals.some((v) => {
        const n = toBigInt(v);
        if (n === undefined) return false;
        const bits = BigInt.asUintN(64, n) & f.value;
        return f.rule === 'and' ? bits === f.value : bits !== 0n;
      });
  }
}
