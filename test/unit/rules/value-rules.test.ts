import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkValue, isSmtpType, isSmtpTyped, splitTyped } from '../../../shared/rules/value-checks.ts';
import { ctx, tenantCtx } from '../../helpers.ts';
import type { ErrorType } from '../../../shared/findings.ts';

/**
 * domain.md §3, row by row: each case lists exactly the errorTypes the value must raise (an empty
 * list means the value must pass). IdFix's false positives are cases that must NOT fire.
 */
type Case = [attribute: string, value: string, expected: ErrorType[], why: string];

const long = (n: number, c = 'a'): string => c.repeat(n);

const CASES: Case[] = [
  // userPrincipalName
  ['userprincipalname', 'jane.doe@agency.gov', [], 'clean UPN'],
  ['userprincipalname', "siobhan.o'brien@agency.gov", [], "apostrophe is legal (IdFix wrongly banned ')"],
  ['userprincipalname', 'a!b#c^d~e_f-g@agency.gov', [], 'every allowed special character'],
  ['userprincipalname', 'dev@coastal-data.app', [], '.app is a delegated TLD (IdFix list was stale)'],
  ['userprincipalname', 'user@agency.shop', [], '.shop is delegated'],
  ['userprincipalname', 'jane doe@agency.gov', ['character', 'localpart'], 'space: banned, and outside atext'],
  ['userprincipalname', 'doe,jane@agency.gov', ['character', 'localpart'], 'comma: banned in UPNs and outside atext'],
  ['userprincipalname', 'jane+tag@agency.gov', ['character'], '+ is atext but banned in UPNs'],
  ['userprincipalname', 'josé@agency.gov', ['character', 'localpart'], 'non-ASCII'],
  ['userprincipalname', ' jane@agency.gov', ['character'], 'leading whitespace'],
  ['userprincipalname', 'jane@hq@agency.gov', ['format'], 'two @: format and no further address checks'],
  ['userprincipalname', 'jane', ['format'], 'no @'],
  ['userprincipalname', '.jane@agency.gov', ['localpart'], 'leading period'],
  ['userprincipalname', 'jane.@agency.gov', ['localpart'], 'trailing period'],
  ['userprincipalname', 'jane..doe@agency.gov', ['localpart'], 'double period'],
  ['userprincipalname', '@agency.gov', ['localpart'], 'empty local part'],
  ['userprincipalname', 'jane@-agency.gov', ['domainpart'], 'label starts with -'],
  ['userprincipalname', 'jane@agency..gov', ['domainpart'], 'empty label'],
  ['userprincipalname', 'jane@agency_hq.gov', ['domainpart'], 'underscore in a label'],
  ['userprincipalname', 'jane@agency.local', ['topleveldomain'], '.local'],
  ['userprincipalname', 'jane@agency.corp', ['topleveldomain'], '.corp'],
  ['userprincipalname', 'jane@agency', ['topleveldomain'], 'single label'],
  ['userprincipalname', 'jane@agency.lcl', ['topleveldomain'], 'not a delegated TLD'],
  ['userprincipalname', 'jane@agency.xn--p1ai', [], 'punycode TLD (.рф) decoded and found'],
  ['userprincipalname', 'jane@agency.xn--zzzzzz', ['topleveldomain'], 'punycode that is no TLD'],
  ['userprincipalname', `${long(65)}@agency.gov`, ['length'], 'local part over 64'],
  ['userprincipalname', `${long(64)}@agency.gov`, [], 'local part of exactly 64'],
  ['userprincipalname', `jane@${long(40)}.agency.gov`, ['length'], 'domain over 48'],
  ['userprincipalname', '   ', ['blank'], 'only whitespace'],
  // mail
  ['mail', 'jane.doe@agency.gov', [], 'clean'],
  ['mail', "o'brien+news@agency.gov", [], 'apostrophe and + are atext'],
  ['mail', 'jane doe@agency.gov', ['character', 'localpart'], 'space'],
  ['mail', 'jane(hq)@agency.gov', ['character', 'localpart'], 'parenthesis: character and localpart (independent checks)'],
  ['mail', 'jane;doe@agency.gov', ['character', 'localpart'], 'semicolon'],
  ['mail', 'jane\\doe@agency.gov', ['character', 'localpart'], 'backslash'],
  ['mail', 'jané@agency.gov', ['character', 'localpart'], 'non-ASCII'],
  ['mail', 'jane@agency.gov@x', ['format'], 'two @'],
  ['mail', 'jane@agency.internal', ['topleveldomain'], '.internal'],
  ['mail', `${long(60)}.${long(200)}@agency.gov`, ['length'], 'over 256'],
  ['mail', '', ['blank'], 'empty'],
  // mailNickname
  ['mailnickname', 'jdoe', [], 'clean'],
  ['mailnickname', "j.o'brien", [], 'period and apostrophe'],
  ['mailnickname', 'j doe', ['character'], 'space'],
  ['mailnickname', 'jdoe@agency', ['character'], '@'],
  ['mailnickname', 'jdoe(hq)', ['character'], 'parentheses'],
  ['mailnickname', 'jdoé', ['character'], 'non-ASCII'],
  ['mailnickname', '.jdoe', ['format'], 'leading period'],
  ['mailnickname', 'jdoe.', ['format'], 'trailing period'],
  ['mailnickname', 'j..doe', ['format'], 'double period'],
  ['mailnickname', long(65), ['length'], 'over 64'],
  ['mailnickname', long(64), [], 'exactly 64'],
  // proxyAddresses
  ['proxyaddresses', 'SMTP:jane@agency.gov', [], 'primary'],
  ['proxyaddresses', 'smtp:jane@agency.gov', [], 'secondary'],
  ['proxyaddresses', 'X500:/o=Agency/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=jdoe', [], 'X500 with spaces and parentheses is legal (IdFix #12, #16)'],
  ['proxyaddresses', "X500:/o=Agency/cn=Recipients/cn=o'brien", [], "X500 with apostrophe (IdFix #79)"],
  ['proxyaddresses', 'X400:C=US;A= ;P=Agency;O=Exchange;S=Doe;G=Jane;', [], 'X400 with spaces and semicolons'],
  ['proxyaddresses', 'SIP:jane@agency.gov', [], 'SIP'],
  ['proxyaddresses', 'X500:/o=Agency/cn=Jane\tDoe', ['character'], 'tab in a non-SMTP value'],
  ['proxyaddresses', 'X500:/o=Agency/cn=José', ['character'], 'non-ASCII in a non-SMTP value'],
  ['proxyaddresses', 'jane@agency.gov', ['format'], 'no type prefix'],
  ['proxyaddresses', ':jane@agency.gov', ['format'], 'empty type'],
  ['proxyaddresses', 'smtp:jane:old@agency.gov', ['format', 'localpart'], 'colon inside an SMTP address'],
  ['proxyaddresses', 'smtp:jane doe@agency.gov', ['character', 'localpart'], 'space in an SMTP address'],
  ['proxyaddresses', 'smtp:jane@agency.local', ['topleveldomain'], 'non-routable'],
  ['proxyaddresses', 'smtp:jane@-agency.gov', ['domainpart'], 'bad label'],
  ['proxyaddresses', 'smtp:.jane@agency.gov', ['localpart'], 'leading period'],
  ['proxyaddresses', 'smtp:jane@agency@gov', ['format'], 'two @'],
  ['proxyaddresses', `smtp:${long(241)}@agency.gov`, ['length'], 'over 256 with prefix'],
  ['proxyaddresses', `smtp:${long(240)}@agency.gov`, [], 'exactly 256 with prefix'],
  // targetAddress
  ['targetaddress', 'SMTP:jdoe@agency.mail.onmicrosoft.us', [], 'tenant routing address'],
  ['targetaddress', 'jdoe@agency.mail.onmicrosoft.us', ['format'], 'no prefix'],
  ['targetaddress', 'SMTP:j\\doe@agency.gov', ['character', 'localpart'], 'backslash banned in targetAddress'],
  ['targetaddress', 'SMTP:jdoe@agency.internal', ['topleveldomain'], 'non-routable'],
  ['targetaddress', 'X500:/o=Agency (HQ)/cn=jdoe', [], 'non-SMTP target'],
  ['targetaddress', `SMTP:${long(250)}@agency.gov`, ['length'], 'over 256'],
  // sAMAccountName
  ['samaccountname', 'jdoe', [], 'clean'],
  ['samaccountname', 'jane doe', [], 'a space is allowed'],
  ['samaccountname', 'jdoe+adm', ['character'], '+'],
  ['samaccountname', "o'brien", ['character'], 'apostrophe is banned here'],
  ['samaccountname', 'jdoé', ['character'], 'non-ASCII'],
  ['samaccountname', long(21), ['length'], 'over 20'],
  ['samaccountname', long(20), [], 'exactly 20'],
  // displayName
  ['displayname', 'Iwamoto Kenji', [], 'clean'],
  ['displayname', 'José Núñez', [], 'non-ASCII is fine here'],
  ['displayname', 'Jane Doe ', ['character'], 'trailing whitespace'],
  ['displayname', ' ', ['blank'], 'blank'],
  ['displayname', long(257), ['length'], 'over 256'],
  // givenName, sn
  ['givenname', long(64), [], 'exactly 64'],
  ['givenname', long(65), ['length'], 'over 64'],
  ['sn', long(65), ['length'], 'over 64'],
];

describe('attribute value rules (domain.md §3)', () => {
  it.each(CASES)('%s %j → %j (%s)', (attribute, value, expected) => {
    expect([...checkValue(attribute, value, ctx)].sort()).toEqual([...expected].sort());
  });

  it('UTF-16 code units count toward the limits, as AD counts them', () => {
    // 32 emoji are 64 code units: at the mailNickname limit only because of surrogate pairs.
    expect(checkValue('displayname', '😀'.repeat(129), ctx)).toContain('length');
    expect(checkValue('displayname', '😀'.repeat(128), ctx)).not.toContain('length');
  });

  describe('unverified (only when tenant domains are entered)', () => {
    it.each<[string, string, boolean]>([
      ['userprincipalname', 'jane@agency.gov', false],
      ['userprincipalname', 'jane@field.agency.gov', false],
      ['userprincipalname', 'jane@other.gov', true],
      ['mail', 'jane@other.gov', true],
      ['proxyaddresses', 'smtp:jane@other.gov', true],
      ['proxyaddresses', 'X500:/o=Other', false],
      ['targetaddress', 'SMTP:jane@other.gov', false],
    ])('%s %s → unverified %s', (attribute, value, fires) => {
      expect(checkValue(attribute, value, tenantCtx).includes('unverified')).toBe(fires);
      expect(checkValue(attribute, value, ctx)).not.toContain('unverified');
    });

    it("the tenant's own initial and routing domains are verified without being listed", async () => {
      const { routingContext } = await import('../../../main/engine/routing.ts');
      for (const value of ['smtp:jane@agency.mail.onmicrosoft.com', 'smtp:jane@agency.onmicrosoft.us', 'smtp:jane@agency.mail.onmicrosoft.us']) {
        expect(checkValue('proxyaddresses', value, tenantCtx)).toEqual([]);
      }
      // Named, the initial domain tells which tenant it is: another tenant's domains stay unverified.
      const named = routingContext({ tenantDomains: ['agency.gov', 'agency.onmicrosoft.us'] });
      expect(checkValue('proxyaddresses', 'smtp:jane@agency.mail.onmicrosoft.us', named)).toEqual([]);
      expect(checkValue('proxyaddresses', 'smtp:jane@other.mail.onmicrosoft.us', named)).toEqual(['unverified']);
      // Only Microsoft's own suffix counts, not a look-alike.
      expect(checkValue('proxyaddresses', 'smtp:jane@agency.mail.onmicrosoft.com.evil.example', tenantCtx)).toContain('unverified');
    });
  });

  it('a suffix the user declares routable is accepted', async () => {
    const { routingContext } = await import('../../../main/engine/routing.ts');
    const custom = routingContext({ routableSuffixes: ['agency.lcl'] });
    expect(checkValue('mail', 'jane@hq.agency.lcl', custom)).toEqual([]);
    expect(checkValue('mail', 'jane@hq.agency.lcl', ctx)).toEqual(['topleveldomain']);
  });
});

describe('the SMTP type test', () => {
  it('property: isSmtpTyped agrees with splitting at the first colon and comparing the type', () => {
    const typeLike = fc.constantFrom('smtp', 'SMTP', 'Smtp', 'sMtP', 'smt', 'smtpx', 'X500', 'sip', '', 'ſmtp', 'smtp ', ' smtp');
    const value = fc.oneof(fc.string(), fc.tuple(typeLike, fc.constantFrom(':', '::', ''), fc.string()).map(([t, c, a]) => `${t}${c}${a}`));
    fc.assert(
      fc.property(value, (v) => {
        const typed = splitTyped(v);
        expect(isSmtpTyped(v)).toBe(typed !== undefined && isSmtpType(typed.type));
      }),
      { numRuns: 5000 },
    );
  });
});
