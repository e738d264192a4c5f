/** Distinguished-name helpers that respect RFC 4514 escaping (`CN=Guest\, Anna,OU=…`). */

/** Index of the first unescaped comma, or -1. */
function firstSeparator(dn: string): number {
  for (let i = 0; i < dn.length; i++) {
    const c = dn[i];
    if (c === '\\') i++;
    else if (c === ',') return i;
  }
  return -1;
}

/** The parent DN (the container an object lives in); '' for a top-level name. */
export function parentDn(dn: string): string {
  const i = firstSeparator(dn);
  return i < 0 ? '' : dn.slice(i + 1).trim();
}

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200a) || c === 0x1680 || c === 0x202f || c === 0x205f || c === 0x3000;
const isSeparator = (c: number): boolean => c === 44 /* , */ || c === 61; /* = */

/**
 * Lower-cased, with spaces around separators removed: for comparing DNs, not for display. One
 * pass over the text (a regular expression for this backtracks over every run of spaces, which
 * took 21 s on one long crafted value).
 */
export function normalizeDn(dn: string): string {
  const t = dn.trim();
  let out = '';
  for (let i = 0; i < t.length; ) {
    const c = t.charCodeAt(i);
    if (!isSpace(c)) {
      out += t[i];
      i++;
      continue;
    }
    let j = i;
    while (j < t.length && isSpace(t.charCodeAt(j))) j++;
    const touchesSeparator = (out.length > 0 && isSeparator(out.charCodeAt(out.length - 1))) || (j < t.length && isSeparator(t.charCodeAt(j)));
    if (!touchesSeparator) out += t.slice(i, j);
    i = j;
  }
  return out.toLowerCase();
}

/** True when `dn` is `container` or lies beneath it. */
export function isWithin(dn: string, container: string): boolean {
  const d = normalizeDn(dn);
  const c = normalizeDn(container);
  return d === c || d.endsWith(`,${c}`);
}

/** The value of the first RDN, unescaped: the common name IdFix shows in COMMONNAME. */
export function rdnValue(dn: string): string {
  const i = firstSeparator(dn);
  const rdn = i < 0 ? dn : dn.slice(0, i);
  const eq = rdn.indexOf('=');
  // Runs of \XX escapes are UTF-8 bytes (RFC 4514): decode them together.
  return rdn
    .slice(eq + 1)
    .replace(/(?:\\[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run.replace(/\\/g, '%'));
      } catch {
        return run;
      }
    })
    .replace(/\\(.)/g, '$1');
}

/** RFC 4514 escaping of an attribute value placed in a DN. */
export function escapeDnValue(value: string): string {
  let out = value.replace(/[\\,+"<>;=#]/g, (c) => `\\${c}`).replace(/\0/g, '\\00');
  if (out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && !out.endsWith('\\ ')) out = `${out.slice(0, -1)}\\ `;
  return out;
}
