import { describe, expect, it } from 'vitest';
import { checkObject } from '../../../shared/rules/object-checks.ts';
import { ctx, dirObject, user } from '../../helpers.ts';

const summary = (r: ReturnType<typeof checkObject>): string[] =>
  r.findings.map((f) => `${f.attribute}.${f.errorType}${f.value === null ? '' : `=${f.value}`}`).sort();

describe('object-level rules (domain.md §3)', () => {
  it('a clean mailbox user raises nothing', () => {
    const r = checkObject(
      user('Jane Doe', {
        userPrincipalName: 'jane.doe@agency.gov',
        mail: 'jane.doe@agency.gov',
        mailNickname: 'jdoe',
        displayName: 'Jane Doe',
        proxyAddresses: ['SMTP:jane.doe@agency.gov', 'smtp:jdoe@agency.gov', 'X500:/o=Agency/cn=Recipients/cn=jdoe (HQ)'],
        msExchRecipientTypeDetails: '1',
      }),
      'user',
      ctx,
    );
    expect(r.findings).toEqual([]);
    expect(r.upnValid).toBe(true);
    expect(r.completeness).toEqual({ mail: true, mailnickname: true, proxyaddresses: true, displayname: true });
  });

  it('a user whose mail lives elsewhere (only mail set) lacks mailNickname and proxyAddresses, with suggestions', () => {
    const r = checkObject(user('Jane Doe', { userPrincipalName: 'jane.doe@agency.gov', mail: 'jane.doe@agency.gov', displayName: 'Jane Doe' }), 'user', ctx);
    expect(summary(r)).toEqual(['mailnickname.blank', 'proxyaddresses.blank']);
    expect(r.findings.find((f) => f.attribute === 'mailnickname')?.suggestedValue).toBe('jane.doe');
    expect(r.findings.find((f) => f.attribute === 'proxyaddresses')?.suggestedValue).toBe('SMTP:jane.doe@agency.gov');
  });

  it('a user without any mail attribute is not mail-enabled: only the UPN is required', () => {
    expect(summary(checkObject(user('Jane Doe'), 'user', ctx))).toEqual(['userprincipalname.blank']);
  });

  it('homeMDB or msExchRecipientTypeDetails alone make an object mail-enabled', () => {
    const r = checkObject(user('Jane Doe', { userPrincipalName: 'jane@agency.gov', homeMDB: 'CN=DB01' }), 'user', ctx);
    expect(summary(r)).toEqual(['mail.blank', 'mailnickname.blank', 'proxyaddresses.blank']);
  });

  it.each([
    [['smtp:a@agency.gov', 'smtp:b@agency.gov'], ['proxyaddresses.primary']],
    [['SMTP:a@agency.gov', 'SMTP:b@agency.gov'], ['proxyaddresses.primary']],
    [['SMTP:b@agency.gov', 'smtp:a@agency.gov'], ['proxyaddresses.mismatch']],
    [['SMTP:A@Agency.gov'], []],
    [['X500:/o=Agency/cn=a'], []],
  ])('proxyAddresses %j → %j (mail a@agency.gov)', (proxies, expected) => {
    const r = checkObject(user('A', { userPrincipalName: 'a@agency.gov', mail: 'a@agency.gov', mailNickname: 'a', proxyAddresses: proxies }), 'user', ctx);
    expect(summary(r)).toEqual(expected);
    for (const f of r.findings) expect(f.value).toBeNull();
  });

  it('primary and mismatch suggest the primary from mail', () => {
    const r = checkObject(user('A', { userPrincipalName: 'a@agency.gov', mail: 'a@agency.gov', mailNickname: 'a', proxyAddresses: ['smtp:a@agency.gov'] }), 'user', ctx);
    expect(r.findings[0]?.suggestedValue).toBe('SMTP:a@agency.gov');
  });

  it('counts: more than 300 proxy addresses, more than 15 certificates; thumbnailPhoto over 100 KB', () => {
    const proxies = ['SMTP:a@agency.gov', ...Array.from({ length: 300 }, (_, i) => `smtp:a${i}@agency.gov`)];
    const r = checkObject(
      user('A', {
        userPrincipalName: 'a@agency.gov',
        mail: 'a@agency.gov',
        mailNickname: 'a',
        proxyAddresses: proxies,
        userCertificate: Array.from({ length: 16 }, () => new Uint8Array(4)),
        userSMIMECertificate: Array.from({ length: 15 }, () => new Uint8Array(4)),
        thumbnailPhoto: new Uint8Array(102_401),
      }),
      'user',
      ctx,
    );
    expect(summary(r)).toEqual(['proxyaddresses.count', 'thumbnailphoto.size=102401 bytes', 'usercertificate.count']);
    const ok = checkObject(user('B', { userPrincipalName: 'b@agency.gov', thumbnailPhoto: new Uint8Array(102_400) }), 'user', ctx);
    expect(ok.findings).toEqual([]);
  });

  describe('targetAddress is required where mail is routed through it', () => {
    it.each([
      ['128', true],
      ['2147483648', true],
      ['8589934592', true],
      ['17179869184', true],
      ['34359738368', true],
      ['0000000000000000000128', true],
      [' 128 ', true],
      ['1', false],
      ['-128', false],
      ['9007199254740993', false],
    ])('user with msExchRecipientTypeDetails %s → blank %s', (details, required) => {
      const r = checkObject(
        user('A', { userPrincipalName: 'a@agency.gov', mail: 'a@agency.gov', mailNickname: 'a', proxyAddresses: 'SMTP:a@agency.gov', msExchRecipientTypeDetails: details }),
        'user',
        ctx,
      );
      expect(summary(r).includes('targetaddress.blank')).toBe(required);
    });

    it('mail-enabled contact without targetAddress', () => {
      const contact = dirObject('CN=Partner,OU=Contacts,DC=agency,DC=gov', { objectClass: 'contact', mail: 'p@partner.org', mailNickname: 'p', proxyAddresses: 'SMTP:p@partner.org', displayName: 'P' });
      expect(summary(checkObject(contact, 'contact', ctx))).toEqual(['targetaddress.blank']);
    });
  });

  it('a mail-enabled group needs a displayName; a present blank displayName is blank on any object', () => {
    const group = dirObject('CN=Team,OU=Groups,DC=agency,DC=gov', { objectClass: 'group', mail: 'team@agency.gov', mailNickname: 'team', proxyAddresses: 'SMTP:team@agency.gov' });
    const r = checkObject(group, 'group', ctx);
    expect(summary(r)).toEqual(['displayname.blank']);
    expect(r.findings[0]?.suggestedValue).toBe('Team');
    expect(summary(checkObject(user('A', { userPrincipalName: 'a@agency.gov', displayName: '  ' }), 'user', ctx))).toEqual(['displayname.blank=  ']);
  });

  it('UPN validity decides sAMAccountName severity', () => {
    expect(checkObject(user('A', { userPrincipalName: 'a b@agency.gov', sAMAccountName: 'a+b' }), 'user', ctx).upnValid).toBe(false);
    expect(checkObject(user('A', { userPrincipalName: 'ab@agency.gov', sAMAccountName: 'a+b' }), 'user', ctx).upnValid).toBe(true);
    expect(checkObject(user('A', { sAMAccountName: 'a+b' }), 'user', ctx).upnValid).toBe(false);
  });

  it('one finding per errorType of one value: mail with "(" is both character and localpart', () => {
    const r = checkObject(user('A', { userPrincipalName: 'a@agency.gov', mail: 'a(hq)@agency.gov', mailNickname: 'a', proxyAddresses: 'SMTP:a(hq)@agency.gov' }), 'user', ctx);
    expect(summary(r)).toEqual([
      'mail.character=a(hq)@agency.gov',
      'mail.localpart=a(hq)@agency.gov',
      'proxyaddresses.character=SMTP:a(hq)@agency.gov',
      'proxyaddresses.localpart=SMTP:a(hq)@agency.gov',
    ]);
  });
});
