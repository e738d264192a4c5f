/** Writes LDIF content records the way ldifde does: base64 where RFC 2849 requires it, folded at 76. */
export type LdifValue = string | Buffer;
export type LdifEntry = [string, LdifValue | LdifValue[] | undefined][];

function needsBase64(v: string): boolean {
  return v.length > 0 && (/^[ :<]/.test(v) || / $/.test(v) || /[^\x01-\x09\x0b\x0c\x0e-\x7f]/.test(v));
}

function fold(line: string): string {
  if (line.length <= 76) return line;
  const parts = [line.slice(0, 76)];
  for (let i = 76; i < line.length; i += 75) parts.push(` ${line.slice(i, i + 75)}`);
  return parts.join('\n');
}

export function attributeLine(name: string, value: LdifValue): string {
  if (Buffer.isBuffer(value)) return fold(`${name}:: ${value.toString('base64')}`);
  return fold(needsBase64(value) ? `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}` : `${name}: ${value}`);
}

export function entryText(dn: string, attributes: LdifEntry): string {
  const lines = [attributeLine('dn', dn)];
  for (const [name, value] of attributes) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) lines.push(attributeLine(name, v));
  }
  return `${lines.join('\n')}\n\n`;
}
