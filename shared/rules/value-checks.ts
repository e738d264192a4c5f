import type { ErrorType } from '../findings.ts';
import { addressErrors, isUnverified, splitAddress, type RoutingContext } from './address.ts';

/**
 * Single-value checks, per attribute, exactly as domain.md §3 lists them. Each returns the distinct
 * errorTypes a value raises (one finding per errorType). The engine and the renderer's live
 * validation of an edited suggestion both call `checkValue`, so they cannot disagree.
 */

const NON_ASCII = /[^\x00-\x7F]/;
const UPN_ALLOWED = /^[A-Za-z0-9'.\-_!#^~@]*$/;
const MAIL_BANNED = /[\s<>();,[\]"\\]/;
const SMTP_PROXY_BANNED = /[\s<>();,[\]"]/;
const SMTP_TARGET_BANNED = /[\s\\<>();,[\]"]/;
const OTHER_PROXY_BANNED = /[\r\n\t]/;
const NICKNAME_ALLOWED = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]*$/;
const SAM_BANNED = /["[\]:;|=+*?<>/\\,']/;

export const LIMITS = {
  upn: 113,
  upnLocal: 64,
  upnDomain: 48,
  mail: 256,
  mailNickname: 64,
  proxyAddress: 256,
  targetAddress: 256,
  sAMAccountName: 20,
  displayName: 256,
  givenName: 64,
  sn: 64,
  proxyCount: 300,
  certificateCount: 15,
  thumbnailBytes: 102_400,
} as const;

export function isBlank(value: string): boolean {
  return value.trim().length === 0;
}

/** Splits `type:address`; undefined when there is no colon or the type is empty. */
export function splitTyped(value: string): { type: string; address: string } | undefined {
  const colon = value.indexOf(':');
  if (colon <= 0) return undefined;
  return { type: value.slice(0, colon), address: value.slice(colon + 1) };
}

export function isSmtpType(type: string): boolean {
  return type.toLowerCase() === 'smtp';
}

/**
 * `splitTyped(value)` has type smtp (any case), tested on the characters themselves: this runs on
 * every proxy address, several times, and must not allocate. The address then starts at 5.
 */
export function isSmtpTyped(value: string): boolean {
  return (
    value.charCodeAt(4) === 58 &&
    (value.charCodeAt(0) | 32) === 115 &&
    (value.charCodeAt(1) | 32) === 109 &&
    (value.charCodeAt(2) | 32) === 116 &&
    (value.charCodeAt(3) | 32) === 112
  );
}

function upnErrors(value: string, ctx: RoutingContext, out: ErrorSet): void {
  const trimmed = value.trim();
  const parts = splitAddress(trimmed);
  if (
    trimmed.length > LIMITS.upn ||
    (parts && (parts.local.length > LIMITS.upnLocal || parts.domain.length > LIMITS.upnDomain))
  ) {
    out.add('length');
  }
  if (!UPN_ALLOWED.test(value)) out.add('character');
  for (const e of addressErrors(trimmed, ctx)) out.add(e);
  if (isUnverified(trimmed, ctx)) out.add('unverified');
}

function mailErrors(value: string, ctx: RoutingContext, out: ErrorSet): void {
  const trimmed = value.trim();
  if (MAIL_BANNED.test(value) || NON_ASCII.test(value)) out.add('character');
  for (const e of addressErrors(trimmed, ctx)) out.add(e);
  if (value.length > LIMITS.mail) out.add('length');
  if (isUnverified(trimmed, ctx)) out.add('unverified');
}

function nicknameErrors(value: string, out: ErrorSet): void {
  if (value.length > LIMITS.mailNickname) out.add('length');
  if (!NICKNAME_ALLOWED.test(value)) out.add('character');
  if (value.startsWith('.') || value.endsWith('.') || value.includes('..')) out.add('format');
}

function typedAddressErrors(
  value: string,
  ctx: RoutingContext,
  limit: number,
  smtpBanned: RegExp,
  checkTenant: boolean,
  out: ErrorSet,
): void {
  if (value.length > limit) out.add('length');
  if (!isSmtpTyped(value)) {
    if (!splitTyped(value)) out.add('format');
    else if (OTHER_PROXY_BANNED.test(value) || NON_ASCII.test(value)) out.add('character');
    return;
  }
  const address = value.slice(5);
  if (address.includes(':')) out.add('format');
  if (smtpBanned.test(address) || NON_ASCII.test(address)) out.add('character');
  const trimmed = address.trim();
  for (const e of addressErrors(trimmed, ctx)) out.add(e);
  if (checkTenant && isUnverified(trimmed, ctx)) out.add('unverified');
}

function samErrors(value: string, out: ErrorSet): void {
  if (value.length > LIMITS.sAMAccountName) out.add('length');
  if (SAM_BANNED.test(value) || NON_ASCII.test(value)) out.add('character');
}

function displayNameErrors(value: string, out: ErrorSet): void {
  if (isBlank(value)) {
    out.add('blank');
    return;
  }
  if (value.length > LIMITS.displayName) out.add('length');
  if (value !== value.trim()) out.add('character');
}

/**
 * The errorTypes one value of an attribute raises on its own (no uniqueness, no object context).
 * `attribute` is the lower-case attribute key. A present but blank value of a required attribute
 * yields only `blank`.
 */
export function checkValue(attribute: string, value: string, ctx: RoutingContext): readonly ErrorType[] {
  const out = new ErrorSet();
  const blankMeansMissing = attribute === 'userprincipalname' || attribute === 'mail' || attribute === 'mailnickname';
  if (blankMeansMissing && isBlank(value)) return ['blank'];
  switch (attribute) {
    case 'userprincipalname':
      upnErrors(value, ctx, out);
      break;
    case 'mail':
      mailErrors(value, ctx, out);
      break;
    case 'mailnickname':
      nicknameErrors(value, out);
      break;
    case 'proxyaddresses':
      typedAddressErrors(value, ctx, LIMITS.proxyAddress, SMTP_PROXY_BANNED, true, out);
      break;
    case 'targetaddress':
      typedAddressErrors(value, ctx, LIMITS.targetAddress, SMTP_TARGET_BANNED, false, out);
      break;
    case 'samaccountname':
      samErrors(value, out);
      break;
    case 'displayname':
      displayNameErrors(value, out);
      break;
    case 'givenname':
      if (value.length > LIMITS.givenName) out.add('length');
      break;
    case 'sn':
      if (value.length > LIMITS.sn) out.add('length');
      break;
    default:
      break;
  }
  return out.list;
}

/** The distinct errorTypes of one value; most values have none, so nothing is allocated for them. */
class ErrorSet {
  list: ErrorType[] = NO_ERRORS;
  add(e: ErrorType): void {
    if (this.list === NO_ERRORS) this.list = [e];
    else if (!this.list.includes(e)) this.list.push(e);
  }
}
const NO_ERRORS: ErrorType[] = [];
