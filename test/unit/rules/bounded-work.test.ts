import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWithin, normalizeDn } from '../../../shared/dn.ts';
import { FilterSyntaxError, MAX_FILTER_DEPTH, parseFilter } from '../../../shared/ldap-filter.ts';
import { Redactor, splitExample } from '../../../main/reports/redact.ts';

/**
 * Values a hostile directory can hold, sized so that a quadratic pass would run for minutes (the
 * regular expressions these replace took 46 s and 21 s on them). The budget is a guard against a
 * hang, two orders of magnitude above what a linear pass takes; the results are what is asserted.
 */
const HANG_GUARD_MS = 10_000;
const N = 250_000;

describe('work bounded by the size of the value', () => {
  it('redacts a 250,000-character RDN of address characters with no address in it', () => {
    const r = new Redactor(true);
    const rdn = `CN=${'a '.repeat(N / 2)} @`;
    expect(r.text(`${rdn},OU=Staff,DC=agency,DC=gov`)).toBe('CN=Object 0001,OU=Unit 0001,DC=domain1.gov'.replace('DC=domain1.gov', 'DC=domain1,DC=gov'));
    const many = `${'x@'.repeat(N / 2)}:`;
    expect(r.value(many)).toContain('@');
  }, HANG_GUARD_MS);

  it('finds the addresses exactly where the regular expression it replaces did (property, against the old expression)', () => {
    const OLD = /([A-Za-z0-9!#$%&'*+/=?^_`{|}~.\- ]*?[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-])@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)/g;
    const piece = fc.constantFrom('a', 'B', '7', '.', '-', ' ', '@', ',', '=', ':', '(', 'é', '\\');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }).map((a) => a.join('')), (text) => {
        const ours = new Redactor(true);
        const theirs = new Redactor(true) as unknown as { address(local: string, domain: string): string };
        const expected = text.replace(OLD, (_m, local: string, domain: string) => theirs.address(local, domain));
        expect((ours as unknown as { addresses(s: string): string }).addresses(text)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('normalizes a DN with 250,000 spaces, and compares OUs the same way as before', () => {
    const spaces = ' '.repeat(N);
    expect(normalizeDn(`CN=A${spaces}B , OU = Staff`)).toBe(`cn=a${spaces}b,ou=staff`);
    expect(isWithin(`CN=X${spaces}Y,OU=Staff,DC=agency,DC=gov`, 'ou=staff, dc=agency ,dc=gov')).toBe(true);
    expect(isWithin(`CN=X${spaces}`, 'OU=Other')).toBe(false);
  }, HANG_GUARD_MS);

  it('normalizes DNs exactly as the regular expression it replaces did (property)', () => {
    const old = (dn: string) => dn.trim().replace(/\s*([,=])\s*/g, '$1').toLowerCase();
    const piece = fc.constantFrom('a', 'Z', ' ', '\t', ',', '=', '\\', '\u00a0', '\u3000', 'é');
    fc.assert(fc.property(fc.array(piece, { maxLength: 30 }).map((a) => a.join('')), (dn) => {
      expect(normalizeDn(dn)).toBe(old(dn));
    }), { numRuns: 2000 });
  });

  it('takes a checklist example apart at the right ": ", in one pass however many there are', () => {
    expect(splitExample('CN=Doe\\, Jo: x,OU=S: mail.character (a b)')).toEqual({ dn: 'CN=Doe\\, Jo: x,OU=S', rule: 'mail.character', value: 'a b' });
    expect(splitExample('CN=A: upn.blank')).toEqual({ dn: 'CN=A', rule: 'upn.blank' });
    expect(splitExample('no example here')).toBeUndefined();
    expect(splitExample(`${'a: '.repeat(N / 3)}b c`)).toBeUndefined();
  }, HANG_GUARD_MS);

  it('refuses a scope filter nested deeper than the limit with a clear error, instead of overflowing the stack', () => {
    const nested = (depth: number) => `${'(!'.repeat(depth - 1)}(cn=x)${')'.repeat(depth - 1)}`;
    expect(() => parseFilter(nested(MAX_FILTER_DEPTH))).not.toThrow();
    const err = (() => {
      try {
        parseFilter(nested(3000));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(FilterSyntaxError);
    expect((err as Error).message).toMatch(/nests deeper than 100 levels/);
  });
});
