import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkValue } from '../../../shared/rules/value-checks.ts';
import { suggestForMissing, suggestForValue } from '../../../shared/rules/suggest.ts';
import { ctx, tenantCtx, user } from '../../helpers.ts';

const ATTRIBUTES = ['userprincipalname', 'mail', 'mailnickname', 'proxyaddresses', 'targetaddress', 'samaccountname', 'displayname', 'givenname', 'sn'];

/** Strings that look like directory values: ASCII, accents, spaces, @, periods, colons, prefixes. */
const messyValue = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.stringMatching(/^(SMTP:|smtp:|X500:|)?[ .a-zA-Zé(),;:'+&-]{0,40}(@[a-z.é _-]{0,20}(\.(gov|local|app|lcl|corp))?)?$/),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

describe('suggested values (property)', () => {
  it('every suggestion for a failing value passes every rule of its attribute', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ATTRIBUTES), messyValue, fc.boolean(), (attribute, value, withTenant) => {
        const context = withTenant ? tenantCtx : ctx;
        if (checkValue(attribute, value, context).length === 0) return;
        const suggestion = suggestForValue(attribute, value, context);
        if (suggestion !== undefined) expect(checkValue(attribute, suggestion, context)).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });

  it('derived values for missing attributes pass every rule', () => {
    fc.assert(
      fc.property(messyValue, messyValue, messyValue, (upn, mail, sam) => {
        const obj = user('X', { userPrincipalName: upn, mail, sAMAccountName: sam, givenName: sam, sn: upn });
        for (const attribute of ['mailnickname', 'proxyaddresses', 'mail', 'displayname']) {
          const s = suggestForMissing(attribute, obj, ctx);
          if (s !== undefined) expect(checkValue(attribute, s, ctx)).toEqual([]);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it.each([
    ['userprincipalname', 'José Núñez@agency.gov', 'JoseNunez@agency.gov'],
    ['userprincipalname', 'jane..doe.@agency.gov', 'jane.doe@agency.gov'],
    ['mail', ' jane(hq)@agency.gov ', 'janehq@agency.gov'],
    ['mailnickname', '.j doe.', 'jdoe'],
    ['proxyaddresses', 'jane@agency.gov', 'smtp:jane@agency.gov'],
    ['targetaddress', 'jane@agency.mail.onmicrosoft.us', 'SMTP:jane@agency.mail.onmicrosoft.us'],
    ['samaccountname', 'jane+admin.coastal.res', 'janeadmin.coastal.re'],
    ['displayname', ' Jane Doe ', 'Jane Doe'],
  ])('%s %j → %j', (attribute, value, expected) => {
    expect(suggestForValue(attribute, value, ctx)).toBe(expected);
  });

  it('a non-routable or unverified UPN suffix is replaced by the first tenant domain', () => {
    expect(suggestForValue('userprincipalname', 'jdoe@agency.local', ctx)).toBeUndefined();
    expect(suggestForValue('userprincipalname', 'jdoe@agency.local', tenantCtx)).toBe('jdoe@agency.gov');
  });
});
