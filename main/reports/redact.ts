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

  /** Any text: addresses, then DN components, are masked wherever they appear. */
  text(s: string | null): string | null {
    if (!this.enabled || s === null) return s;
    return s
      .replace(/([A-Za-z0-9!#$%&'*+/=?^_`{|}~.\- ]*?[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-])@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)/g, (_m, local: string, domain: string) => this.address(local, domain))
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
    const typed = /^([A-Za-z0-9]{2,8}:)(?!\/\/)(.*)$/s.exec(s);
    const prefix = typed && !/@.*:/.test(s) ? typed[1]! : '';
    const rest = s.slice(prefix.length);
    const at = rest.lastIndexOf('@');
    if (at >= 0) return `${prefix}${this.address(rest.slice(0, at), rest.slice(at + 1))}`;
    if (/\b(CN|OU|DC|O)=/i.test(rest)) return `${prefix}${this.text(rest)}`;
    return `${prefix}${this.mask('name', rest, (n) => `Name ${String(n).padStart(4, '0')}`)}`;
  }

  /** A checklist example, "DN: rule (value)": each part masked as what it is. */
  example(s: string): string {
    if (!this.enabled) return s;
    const m = /^(.*?): (\S+)(?: \((.*)\))?$/s.exec(s);
    if (!m) return this.text(s)!;
    return `${this.text(m[1]!)}: ${m[2]}${m[3] === undefined ? '' : ` (${this.value(m[3])})`}`;
  }
}
