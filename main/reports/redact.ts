/**
 * Masks people's names and addresses so a report can be shared: the same original always gets the
 * same mask within a report (two findings on one person stay visibly about one person), and the
 * top-level domain is kept so a reader still sees why ".local" fails. Remediation files are never
 * redacted: they must name the real objects.
 */
export class Redactor {
  readonly enabled: boolean;
  private readonly maps = new Map<string, Map<string, string>>();

  constructor(enabled: boolean) {
    this.enabled = enabled;
  }

  private mask(kind: string, original: string, make: (n: number) => string): string {
    let m = this.maps.get(kind);
    if (!m) this.maps.set(kind, (m = new Map()));
    const key = original.toLowerCase();
    let masked = m.get(key);
    if (masked === undefined) m.set(key, (masked = make(m.size + 1)));
    return masked;
  }

  private domain(domain: string): string {
    if (domain === '') return '';
    const labels = domain.split('.');
    const tld = labels.length > 1 ? labels.pop()! : '';
    return `${this.mask('domain', labels.join('.'), (n) => `domain${n}`)}${tld ? `.${tld}` : ''}`;
  }

  private address(local: string, domain: string): string {
    return `${this.mask('local', local, (n) => `user${String(n).padStart(4, '0')}`)}@${this.domain(domain)}`;
  }

  /**
   * Every address in `s`, masked: a local part of address characters (spaces allowed inside, not
   * just before the @) and a domain of dot-separated labels. Found by scanning from each @, so a
   * long value costs one pass (the regular expression this replaces was quadratic: 46 s for one
   * 250,000-character RDN).
   */
  private addresses(s: string): string {
    if (!s.includes('@')) return s;
    let out = '';
    let copied = 0;
    for (let at = s.indexOf('@'); at >= 0; at = s.indexOf('@', at + 1)) {
      if (at - 1 < copied || !isLocalChar(s.charCodeAt(at - 1))) continue;
      let start = at - 1;
      while (start > copied && (isLocalChar(s.charCodeAt(start - 1)) || s.charCodeAt(start - 1) === 32)) start--;
      const end = domainEnd(s, at + 1);
      if (end === at + 1) continue;
      out += s.slice(copied, start) + this.address(s.slice(start, at), s.slice(at + 1, end));
      copied = end;
      at = end - 1;
    }
    return out + s.slice(copied);
  }

  /** Any text: addresses, then DN components, are masked wherever they appear. */
  text(s: string | null): string | null {
    if (!this.enabled || s === null) return s;
    return this.addresses(s)
      .replace(/\b(CN|OU)=((?:\\,|[^,;)"])+)/gi, (_m, type: string, value: string) => `${type}=${this.mask(type.toUpperCase(), value, (n) => `${type.toUpperCase() === 'CN' ? 'Object' : 'Unit'} ${String(n).padStart(4, '0')}`)}`)
      .replace(/\bDC=[^,;:)"\s]+(?:,DC=[^,;:)"\s]+)*/gi, (run) => {
        // The domain's labels, masked like a domain name: the last one (its TLD) stays.
        const labels = run.split(',').map((c) => c.slice(3));
        return this.domain(labels.join('.')).split('.').map((l) => `DC=${l}`).join(',');
      });
  }

  /** Plain data (a summary, a source descriptor): every string in it, as text(). */
  data<T>(value: T): T {
    return this.enabled ? (JSON.parse(this.text(JSON.stringify(value))!) as T) : value;
  }

  /**
   * A finding's value, which holds one thing: an address (everything before its last @ is the
   * local part, however malformed), a DN, a typed value (SMTP:, X500:…), or a name.
   */
  value(s: string | null): string | null {
    if (!this.enabled || s === null) return s;
    const typed = /^([A-Za-z0-9]{2,8}:)(?!\/\/)/.exec(s);
    const firstAt = s.indexOf('@');
    const prefix = typed && !(firstAt >= 0 && s.indexOf(':', firstAt) >= 0) ? typed[1]! : '';
    const rest = s.slice(prefix.length);
    const at = rest.lastIndexOf('@');
    if (at >= 0) return `${prefix}${this.address(rest.slice(0, at), rest.slice(at + 1))}`;
    if (/\b(CN|OU|DC|O)=/i.test(rest)) return `${prefix}${this.text(rest)}`;
    return `${prefix}${this.mask('name', rest, (n) => `Name ${String(n).padStart(4, '0')}`)}`;
  }

  /** A checklist example, "DN: rule (value)": each part masked as what it is. */
  example(s: string): string {
    if (!this.enabled) return s;
    const m = splitExample(s);
    if (!m) return this.text(s)!;
    return `${this.text(m.dn)}: ${m.rule}${m.value === undefined ? '' : ` (${this.value(m.value)})`}`;
  }
}

/** RFC 5322 atext and the dot: what an address's local part is made of. */
function isLocalChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || "!#$%&'*+/=?^_`{|}~.-".includes(String.fromCharCode(c));
}

/** The end of the domain starting at `from`: labels of letters, digits and hyphens joined by single dots. */
function domainEnd(s: string, from: number): number {
  const label = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45;
  let end = from;
  let i = from;
  while (i < s.length && label(s.charCodeAt(i))) {
    while (i < s.length && label(s.charCodeAt(i))) i++;
    end = i;
    if (s.charCodeAt(i) !== 46 || !label(s.charCodeAt(i + 1))) break;
    i++;
  }
  return end;
}

/**
 * "DN: rule (value)" taken apart at the first ": " whose rest is one word, optionally followed by
 * " (value)" to the end. A table of where the next whitespace is keeps every candidate O(1).
 */
export function splitExample(s: string): { dn: string; rule: string; value?: string } | undefined {
  const nextSpace = new Int32Array(s.length + 1);
  nextSpace[s.length] = s.length;
  for (let i = s.length - 1; i >= 0; i--) nextSpace[i] = /\s/.test(s[i]!) ? i : nextSpace[i + 1]!;
  for (let colon = s.indexOf(': '); colon >= 0; colon = s.indexOf(': ', colon + 1)) {
    const start = colon + 2;
    const space = nextSpace[start]!;
    if (space === start) continue;
    if (space === s.length) return { dn: s.slice(0, colon), rule: s.slice(start) };
    if (s.startsWith(' (', space) && s.endsWith(')') && s.length >= space + 3) return { dn: s.slice(0, colon), rule: s.slice(start, space), value: s.slice(space + 2, -1) };
  }
  return undefined;
}
