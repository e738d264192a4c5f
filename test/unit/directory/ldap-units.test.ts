import { InvalidCredentialsError, StrongAuthRequiredError } from 'ldapts';
import { describe, expect, it } from 'vitest';
import { describeBindFailure, explain } from '../../../main/directory/ldap/errors.ts';
import { escapeDnValue, escapeFilterValue } from '../../../main/directory/ldap/escape.ts';
import { parseLdapUrl, ProfileError, type ConnectionProfile } from '../../../main/directory/ldap/profile.ts';
import { matchesFilter, parseFilter } from '../../../shared/ldap-filter.ts';
import { dirObject } from '../../helpers.ts';

const profile: ConnectionProfile = { host: 'dc1.agency.gov', port: 636, security: 'ldaps', bindUser: 'jdoe@agency.gov', caFiles: [], globalCatalog: false, bases: [], excludes: [], pageSize: 1000, timeoutMs: 30_000 };

describe('LDAP URLs and defaults', () => {
  it.each([
    ['ldaps://dc1.agency.gov', {}, { host: 'dc1.agency.gov', port: 636, security: 'ldaps' }],
    ['ldap://dc1.agency.gov', {}, { host: 'dc1.agency.gov', port: 389, security: 'starttls' }],
    ['ldap://dc1.agency.gov', { plain: true }, { host: 'dc1.agency.gov', port: 389, security: 'plain' }],
    ['ldaps://dc1.agency.gov', { globalCatalog: true }, { host: 'dc1.agency.gov', port: 3269, security: 'ldaps' }],
    ['ldap://dc1.agency.gov', { globalCatalog: true }, { host: 'dc1.agency.gov', port: 3268, security: 'starttls' }],
    ['ldaps://[::1]:6360/', {}, { host: '::1', port: 6360, security: 'ldaps' }],
  ])('%s %j', (url, opts, expected) => {
    expect(parseLdapUrl(url, opts)).toEqual(expected);
  });
  it.each(['http://dc1', 'ldaps://', 'dc1.agency.gov', 'ldaps://dc1:99999'])('rejects %s', (url) => {
    expect(() => parseLdapUrl(url)).toThrow(ProfileError);
  });
});

describe('AD bind failures decoded', () => {
  it.each([
    ['80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563', 'the user name or password is wrong'],
    ['... data 533, v4563', 'the account is disabled'],
    ['... data 532, v4563', 'the password has expired'],
    ['... data 701, v4563', 'the account has expired'],
    ['... data 775, v4563', 'the account is locked out'],
    ['... data 773, v4563', 'the user must change the password before signing in'],
    ['... data 530, v4563', 'the account may not sign in at this time'],
  ])('%s → %s', (diagnostic, reason) => {
    expect(describeBindFailure(diagnostic)).toBe(reason);
    const err = explain(new (InvalidCredentialsError as unknown as new (m: string) => Error)(diagnostic), profile);
    expect(err.kind).toBe('bad-credentials');
    expect(err.message).toBe(`dc1.agency.gov:636 refused the sign-in of jdoe@agency.gov: ${reason}.`);
  });

  it('strong authentication required suggests LDAPS or StartTLS', () => {
    const err = explain(new (StrongAuthRequiredError as unknown as new (m: string) => Error)('Strong(er) authentication required'), { ...profile, security: 'plain', port: 389 });
    expect(err.kind).toBe('strong-auth-required');
    expect(err.message).toContain('use LDAPS (ldaps://) or StartTLS');
  });

  it.each([
    [Object.assign(new Error('getaddrinfo ENOTFOUND dc1.agency.gov'), { code: 'ENOTFOUND' }), 'name-not-resolved', 'could not be resolved'],
    [Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }), 'timeout', 'did not answer in time (30 s)'],
    [Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'connection-lost', 'was lost'],
    [Object.assign(new Error('certificate has expired'), { code: 'CERT_HAS_EXPIRED' }), 'certificate-untrusted', 'its certificate has expired'],
    [Object.assign(new Error("Hostname/IP does not match certificate's altnames"), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), 'certificate-untrusted', 'not issued for the name dc1.agency.gov'],
  ])('%s → %s', (error, kind, text) => {
    const err = explain(error, profile);
    expect(err.kind).toBe(kind);
    expect(err.message).toContain(text);
  });
});

describe('escaping what a person types (RFC 4514, RFC 4515)', () => {
  it('filter values cannot change the filter', () => {
    const hostile = 'x)(objectClass=*';
    const filter = parseFilter(`(department=${escapeFilterValue(hostile)})`);
    expect(matchesFilter(dirObject('CN=A', { department: hostile }), filter)).toBe(true);
    expect(matchesFilter(dirObject('CN=A', { department: 'x' }), filter)).toBe(false);
    expect(escapeFilterValue('a*b(c)\\d\0')).toBe('a\\2ab\\28c\\29\\5cd\\00');
  });
  it('DN values are escaped', () => {
    expect(escapeDnValue('Doe, Jane <HQ>')).toBe('Doe\\, Jane \\<HQ\\>');
  });
});

describe('uSNCreated partitions for parallel searches', () => {
  it('split the USN space into contiguous ranges, the last one open', async () => {
    const { usnPartitions } = await import('../../../main/directory/ldap/collect.ts');
    expect(usnPartitions(4, 1000)).toEqual(['(uSNCreated<=250)', '(uSNCreated>=251)(uSNCreated<=500)', '(uSNCreated>=501)(uSNCreated<=750)', '(uSNCreated>=751)']);
    expect(usnPartitions(1, 1000)).toEqual(['']);
    expect(usnPartitions(4, undefined)).toEqual(['']);
  });
});
