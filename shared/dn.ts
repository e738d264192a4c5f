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

/** Lower-cased, with spaces around separators removed: for comparing DNs, not for display. */
export function normalizeDn(dn: string): string {
  return dn.trim().replace(/\s*([,=])\s*/g, '$1').toLowerCase();
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
