import { describe, expect, it } from 'vitest';
import { FilterSyntaxError, matchesFilter, parseFilter } from '../../../shared/ldap-filter.ts';
import { decodePunycode } from '../../../shared/rules/punycode.ts';
import { escapeDnValue, normalizeDn, parentDn, rdnValue } from '../../../shared/dn.ts';
import { dirObject } from '../../helpers.ts';

describe('LDAP filters (RFC 4515)', () => {
  const o = dirObject('CN=Jane,OU=Staff,DC=agency,DC=gov', { department: 'Flood Mapping', userAccountControl: '514', title: 'a(b)*c' });
  it.each([
    ['(department=flood mapping)', true],
    ['(department=Flood*)', true],
    ['(department=*Map*)', true],
    ['(department=*)', true],
    ['(manager=*)', false],
    ['(&(department=*)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))', false],
    ['(userAccountControl:1.2.840.113556.1.4.804:=3)', true],
    ['(|(department=Finance)(title=a\\28b\\29\\2ac))', true],
    ['(userAccountControl>=600)', false],
    ['department=Flood Mapping', true],
  ])('%s → %s', (filter, expected) => {
    expect(matchesFilter(o, parseFilter(filter))).toBe(expected);
  });
  it.each(['(department=Finance', '(&)', '((a=b))', '(a=b)(c=d)', '(a:1.2.3:=4)', '(a=\\zz)'])('rejects %s with a positioned error', (bad) => {
    expect(() => parseFilter(bad)).toThrow(FilterSyntaxError);
  });
});

describe('Punycode and DNs', () => {
  it.each([
    ['p1ai', 'рф'],
    ['80asehdb', 'онлайн'],
    ['mnchen-3ya', 'münchen'],
    ['fiqs8s', '中国'],
  ])('xn--%s → %s', (label, unicode) => {
    expect(decodePunycode(label)).toBe(unicode);
  });
  it('DN helpers respect escaping', () => {
    expect(parentDn('CN=Guest\\, Anna,OU=Staff,DC=x')).toBe('OU=Staff,DC=x');
    expect(rdnValue('CN=Guest\\, Anna,OU=Staff,DC=x')).toBe('Guest, Anna');
    expect(rdnValue('CN=Jos\\C3\\A9,DC=x')).toBe('José');
    expect(normalizeDn('OU=Staff, DC=Agency ,DC=gov')).toBe('ou=staff,dc=agency,dc=gov');
    expect(escapeDnValue(' Doe, Jane #1 ')).toBe('\\ Doe\\, Jane \\#1\\ ');
  });
});
