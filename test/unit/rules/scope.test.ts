import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../shared/ldap-filter.ts';
import { DEFAULT_SCOPE, exclusionReason, objectKind } from '../../../shared/rules/scope.ts';
import { dirObject, user } from '../../helpers.ts';

describe('object classes (domain.md §2)', () => {
  it.each([
    [{ objectClass: ['top', 'person', 'organizationalPerson', 'user'], objectCategory: 'CN=Person,CN=Schema,CN=Configuration,DC=x' }, 'user'],
    [{ objectClass: ['top', 'person', 'organizationalPerson', 'user', 'inetOrgPerson'], objectCategory: 'CN=Person,CN=Schema,CN=Configuration,DC=x' }, 'user'],
    [{ objectClass: 'user' }, 'user'],
    [{ objectClass: ['top', 'person', 'organizationalPerson', 'user', 'computer'], objectCategory: 'CN=Computer,CN=Schema,CN=Configuration,DC=x' }, undefined],
    [{ objectClass: ['top', 'person', 'organizationalPerson', 'contact'], objectCategory: 'CN=Person,CN=Schema,CN=Configuration,DC=x' }, 'contact'],
    [{ objectClass: ['top', 'group'] }, 'group'],
    [{ objectClass: ['top', 'organizationalUnit'] }, undefined],
    // Spelling of classes and categories does not matter; a blank RDN name is a category that is not person.
    [{ objectClass: [' TOP ', 'USER '], objectCategory: ' cn=PERSON,CN=Schema,DC=x' }, 'user'],
    [{ objectClass: 'user', objectCategory: 'CN=,CN=Schema,DC=x' }, undefined],
    [{ objectClass: 'user', objectCategory: '   ' }, 'user'],
    [{ objectClass: ['constructor', 'user'] }, 'user'],
    [{ objectClass: 'Group' }, 'group'],
    // AD's own spellings are compared as they are written; near misses still go by the rules above.
    [{ objectClass: 'inetOrgPerson' }, 'user'],
    [{ objectClass: ['top', 'group'], objectCategory: 'CN=Group,CN=Schema,CN=Configuration,DC=x' }, 'group'],
    [{ objectClass: ['top', 'contact'], objectCategory: 'CN=Computer,CN=Schema,CN=Configuration,DC=x' }, undefined],
    [{ objectClass: 'user', objectCategory: 'CN=Persona,CN=Schema,DC=x' }, undefined],
    [{ objectClass: 'user', objectCategory: 'CN=Person' }, 'user'],
    [{ objectClass: 'user', objectCategory: 'cn=group,CN=Schema,DC=x' }, 'group'],
    [{ objectClass: ['user', 'Computer '] }, undefined],
  ])('%j → %s', (attrs, kind) => {
    expect(objectKind(dirObject('CN=X,DC=x', attrs))).toBe(kind);
  });
});

describe('default exclusions (domain.md §2)', () => {
  const cases: [string, Parameters<typeof dirObject>[1], string | undefined][] = [
    ['critical system object', { isCriticalSystemObject: 'TRUE' }, 'critical-system-object'],
    ['no sAMAccountName', { sAMAccountName: [] }, 'no-samaccountname'],
    ['AAD_ account', { sAMAccountName: 'AAD_1234abcd' }, 'sync-service-account'],
    ['MSOL_ account', { sAMAccountName: 'MSOL_1234abcd' }, 'sync-service-account'],
    ['support account', { sAMAccountName: 'SUPPORT_388945a0' }, 'support-account'],
    ['SystemMailbox', { mailNickname: 'SystemMailbox{1f05a927-3be2-4fb9-aa03-b59fe3b56f4c}' }, 'system-mailbox'],
    ['CAS_ mailbox', { mailNickname: 'CAS_{abc}' }, 'system-mailbox'],
    ['CAS_ without brace is a person', { mailNickname: 'CAS_smith' }, undefined],
    ['discovery mailbox', { msExchRecipientTypeDetails: '536870912' }, 'exchange-system-recipient'],
    ['arbitration mailbox', { msExchRecipientTypeDetails: '8388608' }, 'exchange-system-recipient'],
    ['user mailbox', { msExchRecipientTypeDetails: '1' }, undefined],
    ['remote mailbox', { msExchRecipientTypeDetails: '2147483648' }, undefined],
    ['discovery mailbox, more than 15 digits', { msExchRecipientTypeDetails: '0000000000536870912' }, 'exchange-system-recipient'],
    ['system bit above 32 bits does not count', { msExchRecipientTypeDetails: '4294967296' }, undefined],
  ];
  it.each(cases)('%s', (_, attrs, reason) => {
    expect(exclusionReason(user('Pat Lee', attrs), 'user', DEFAULT_SCOPE)).toBe(reason);
  });

  it('"Guest, Anna" and "Iwamoto Kenji" are people, not system objects (IdFix excluded by cn prefix)', () => {
    for (const cn of ['Guest\\, Anna', 'Iwamoto Kenji', 'Administrator Jones']) {
      expect(exclusionReason(user(cn, { sAMAccountName: 'person1' }), 'user', DEFAULT_SCOPE)).toBeUndefined();
    }
  });

  it('replication conflict objects of any class', () => {
    const dn = 'CN=Pat Lee\\0ACNF:5b1f6a2e-9c3d-4e7f-8a1b-2c3d4e5f6a7b,OU=Staff,DC=agency,DC=gov';
    expect(exclusionReason(dirObject(dn, { objectClass: 'contact', mail: 'p@x.org' }), 'contact', DEFAULT_SCOPE)).toBe('replication-conflict');
  });

  it.each([
    [{ groupType: '-2147483646' }, undefined],
    [{ groupType: '2' }, 'non-mail-distribution-group'],
    [{ groupType: '2', proxyAddresses: 'SMTP:list@agency.gov' }, undefined],
    [{ groupType: '-2147483646', msExchRecipientTypeDetails: '1073741824' }, 'role-group'],
    // Flags are read from the low 32 bits, whatever the length of the text (two's complement).
    [{ groupType: '2147483650' }, undefined],
    [{ groupType: '-4294967294' }, 'non-mail-distribution-group'],
    [{ groupType: '0000000000000002147483650' }, undefined],
    [{ groupType: '-2147483646', msExchRecipientTypeDetails: '00000000000000001073741824' }, 'role-group'],
    [{ groupType: '-2147483646', msExchRecipientTypeDetails: '5369795313664' }, 'role-group'],
    [{ groupType: 'not a number' }, 'non-mail-distribution-group'],
  ])('group %j → %s', (attrs, reason) => {
    expect(exclusionReason(dirObject('CN=G,DC=x', { objectClass: 'group', ...attrs }), 'group', DEFAULT_SCOPE)).toBe(reason);
  });

  it('contacts need mail or proxyAddresses', () => {
    expect(exclusionReason(dirObject('CN=C,DC=x', { objectClass: 'contact' }), 'contact', DEFAULT_SCOPE)).toBe('contact-without-address');
    expect(exclusionReason(dirObject('CN=C,DC=x', { objectClass: 'contact', proxyAddresses: 'SMTP:c@x.org' }), 'contact', DEFAULT_SCOPE)).toBeUndefined();
  });
});

describe("a person's own scope", () => {
  const hq = user('A', {});
  const field = dirObject('CN=B,OU=Field,DC=agency,DC=gov', { objectClass: 'user', sAMAccountName: 'b', userAccountControl: '514', department: 'Ops' });
  it('include and exclude OUs, several of each, compared case- and space-insensitively', () => {
    const scope = { ...DEFAULT_SCOPE, includeOus: ['ou=staff, dc=agency,dc=gov', 'OU=Field,DC=agency,DC=gov'], excludeOus: ['OU=Field,DC=Agency,DC=gov'] };
    expect(exclusionReason(hq, 'user', scope)).toBeUndefined();
    expect(exclusionReason(field, 'user', scope)).toBe('excluded-ou');
    expect(exclusionReason(dirObject('CN=C,OU=Other,DC=agency,DC=gov', { objectClass: 'user', sAMAccountName: 'c' }), 'user', scope)).toBe('outside-included-ous');
  });
  it('an LDAP filter, including AD bitwise matching', () => {
    expect(exclusionReason(field, 'user', { ...DEFAULT_SCOPE, filter: parseFilter('(department=ops)') })).toBeUndefined();
    expect(exclusionReason(hq, 'user', { ...DEFAULT_SCOPE, filter: parseFilter('(department=ops)') })).toBe('scope-filter');
    const enabled = parseFilter('(!(userAccountControl:1.2.840.113556.1.4.803:=2))');
    expect(exclusionReason(field, 'user', { ...DEFAULT_SCOPE, filter: enabled })).toBe('scope-filter');
  });
  it('exclude disabled accounts', () => {
    expect(exclusionReason(field, 'user', { ...DEFAULT_SCOPE, excludeDisabled: true })).toBe('disabled-account');
    expect(exclusionReason(field, 'user', DEFAULT_SCOPE)).toBeUndefined();
  });
});
