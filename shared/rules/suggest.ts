import { firstText, type DirectoryObject } from '../directory-object.ts';
import { rdnValue } from '../dn.ts';
import { isRoutableDomain, isTenantDomain, splitAddress, type RoutingContext } from './address.ts';
import { checkValue, isSmtpType, LIMITS, splitTyped } from './value-checks.ts';

/**
 * Suggested values (domain.md §3): trim, drop banned characters, cut to the limit, fix period
 * placement, derive what is missing. A candidate is only offered when `checkValue` finds nothing
 * wrong with it; uniqueness against other objects is the engine's job (it sees them all).
 */

const NON_ASCII = /[^\x00-\x7F]/;

/** "José Müller" → "Jose Muller": decompose and drop combining marks, then anything non-ASCII. */
export function toAscii(value: string): string {
  // Most values are ASCII already, and Unicode normalization is the costly part of a suggestion.
  if (!NON_ASCII.test(value)) return value;
  return value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x00-\x7F]/g, '');
}

function fixPeriods(value: string): string {
  return value.replace(/\.{2,}/g, '.').replace(/^\.+|\.+$/g, '');
}

/** `disallowed` is global and matches every character a local part may not hold. */
function cleanLocalPart(local: string, disallowed: RegExp, max: number): string {
  const kept = toAscii(local.trim()).replace(disallowed, '');
  return fixPeriods(fixPeriods(kept).slice(0, max));
}

function cleanDomain(domain: string): string {
  return toAscii(domain.trim())
    .toLowerCase()
    .split('.')
    .map((l) => l.replace(/[^a-z0-9-]/g, '').replace(/^-+|-+$/g, '').slice(0, 63))
    .filter((l) => l.length > 0)
    .join('.');
}

const NOT_UPN_LOCAL_CHAR = /[^A-Za-z0-9'.\-_!#^~]/g;
const NOT_ATEXT_CHAR = /[^A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]/g;

/** The domain to use: the cleaned one when routable and verified, else the first tenant domain. */
function pickDomain(domain: string, ctx: RoutingContext): string | undefined {
  const cleaned = cleanDomain(domain);
  const acceptable =
    cleaned.length > 0 &&
    isRoutableDomain(cleaned, ctx) &&
    (ctx.tenantDomains.length === 0 || isTenantDomain(cleaned, ctx));
  return acceptable ? cleaned : ctx.tenantDomains[0];
}

function cleanAddress(value: string, ctx: RoutingContext, notLocalChar: RegExp, localMax: number): string | undefined {
  const trimmed = value.trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0) return undefined;
  const local = cleanLocalPart(trimmed.slice(0, at).replace(/@/g, ''), notLocalChar, localMax);
  const domain = pickDomain(trimmed.slice(at + 1), ctx);
  if (!local || !domain) return undefined;
  return `${local}@${domain}`;
}

function cleanUpn(value: string, ctx: RoutingContext): string | undefined {
  const candidate = cleanAddress(value, ctx, NOT_UPN_LOCAL_CHAR, LIMITS.upnLocal);
  if (!candidate) return undefined;
  const parts = splitAddress(candidate)!;
  if (parts.domain.length > LIMITS.upnDomain) return undefined;
  return `${parts.local.slice(0, LIMITS.upn - parts.domain.length - 1)}@${parts.domain}`;
}

function cleanTyped(value: string, ctx: RoutingContext, defaultType: string): string | undefined {
  const typed = splitTyped(value.trim());
  if (!typed) {
    // A bare address that lost its prefix: restore the prefix.
    return value.includes('@') ? cleanTyped(`${defaultType}:${value.trim()}`, ctx, defaultType) : undefined;
  }
  if (!isSmtpType(typed.type)) return toAscii(value).replace(/[\r\n\t]/g, '');
  const address = cleanAddress(typed.address.replace(/:/g, ''), ctx, NOT_ATEXT_CHAR, 64);
  return address ? `${typed.type}:${address}` : undefined;
}

export function cleanNickname(value: string): string {
  return cleanLocalPart(value, NOT_ATEXT_CHAR, LIMITS.mailNickname);
}

/** A mailNickname derived from the UPN's local part, else from sAMAccountName. */
export function deriveNickname(obj: DirectoryObject): string | undefined {
  const upn = firstText(obj, 'userprincipalname');
  const source = upn?.includes('@') ? upn.slice(0, upn.indexOf('@')) : firstText(obj, 'samaccountname') ?? (upn || undefined);
  const nick = source ? cleanNickname(source) : '';
  return nick || undefined;
}

/** A cleaned candidate for a present value, before validation. */
function candidateFor(attribute: string, value: string, ctx: RoutingContext): string | undefined {
  switch (attribute) {
    case 'userprincipalname':
      return cleanUpn(value, ctx);
    case 'mail':
      return cleanAddress(value, ctx, NOT_ATEXT_CHAR, 64);
    case 'mailnickname':
      return cleanNickname(value);
    case 'proxyaddresses':
      return cleanTyped(value, ctx, 'smtp');
    case 'targetaddress':
      return cleanTyped(value, ctx, 'SMTP');
    case 'samaccountname':
      return toAscii(value).replace(/["[\]:;|=+*?<>/\\,']/g, '').trim().slice(0, LIMITS.sAMAccountName) || undefined;
    case 'displayname':
    case 'givenname':
    case 'sn': {
      const limit = attribute === 'displayname' ? LIMITS.displayName : LIMITS.givenName;
      return value.trim().slice(0, limit).trim() || undefined;
    }
    default:
      return undefined;
  }
}

/** Only a candidate that passes every value rule of its attribute is a suggestion. */
export function validSuggestion(attribute: string, candidate: string | undefined, ctx: RoutingContext): string | undefined {
  if (candidate === undefined || candidate.length === 0) return undefined;
  return checkValue(attribute, candidate, ctx).length === 0 ? candidate : undefined;
}

/** Suggestion for a value that failed one or more value rules. */
export function suggestForValue(attribute: string, value: string, ctx: RoutingContext): string | undefined {
  return validSuggestion(attribute, candidateFor(attribute, value, ctx), ctx);
}

/** Suggestion for an attribute that is missing (blank) on an object. */
export function suggestForMissing(attribute: string, obj: DirectoryObject, ctx: RoutingContext): string | undefined {
  const mail = firstText(obj, 'mail')?.trim();
  const mailOk = mail !== undefined && checkValue('mail', mail, ctx).length === 0;
  switch (attribute) {
    case 'mailnickname':
      return validSuggestion(attribute, deriveNickname(obj), ctx);
    case 'proxyaddresses':
      return mailOk ? validSuggestion(attribute, `SMTP:${mail}`, ctx) : undefined;
    case 'mail': {
      const primary = (obj.attributes.get('proxyaddresses') ?? []).find(
        (v): v is string => typeof v === 'string' && v.startsWith('SMTP:'),
      );
      return validSuggestion(attribute, primary?.slice(5).trim(), ctx);
    }
    case 'displayname': {
      const given = firstText(obj, 'givenname')?.trim();
      const sn = firstText(obj, 'sn')?.trim();
      const name = given && sn ? `${given} ${sn}` : rdnValue(obj.dn).trim();
      return validSuggestion(attribute, name, ctx);
    }
    default:
      return undefined;
  }
}

/** The primary SMTP value to set when proxyAddresses has no single primary or it differs from mail. */
export function suggestPrimary(obj: DirectoryObject, ctx: RoutingContext): string | undefined {
  return suggestForMissing('proxyaddresses', obj, ctx);
}
