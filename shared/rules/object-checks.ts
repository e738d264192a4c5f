import { textValues, values, type DirectoryObject } from '../directory-object.ts';
import type { ErrorType, ObjectKind } from '../findings.ts';
import type { RoutingContext } from './address.ts';
import { isMailEnabled, requiresTargetAddress } from './scope.ts';
import { suggestForMissing, suggestForValue, suggestPrimary } from './suggest.ts';
import { checkValue, isBlank, isSmtpTyped, LIMITS } from './value-checks.ts';

/** A finding about one object before the engine adds its DN, rule id and severity. */
export interface ObjectFinding {
  attribute: string;
  value: string | null;
  errorType: ErrorType;
  suggestedValue?: string;
}

export const COMPLETENESS_ATTRIBUTES = ['mail', 'mailnickname', 'proxyaddresses', 'displayname', 'targetaddress'] as const;
export type CompletenessAttribute = (typeof COMPLETENESS_ATTRIBUTES)[number];

export interface ObjectCheckResult {
  findings: ObjectFinding[];
  mailEnabled: boolean;
  /** The UPN is present and passes its value rules (decides sAMAccountName severity). */
  upnValid: boolean;
  /** For mail-enabled objects: each attribute that applies → present and valid. */
  completeness?: Partial<Record<CompletenessAttribute, boolean>>;
}

/** Attributes whose values are checked one by one, per object class. */
const VALUE_ATTRIBUTES: Record<ObjectKind, readonly string[]> = {
  user: ['userprincipalname', 'mail', 'mailnickname', 'proxyaddresses', 'targetaddress', 'samaccountname', 'displayname', 'givenname', 'sn'],
  contact: ['mail', 'mailnickname', 'proxyaddresses', 'targetaddress', 'displayname', 'givenname', 'sn'],
  group: ['mail', 'mailnickname', 'proxyaddresses', 'targetaddress', 'displayname'],
};

function checkValues(obj: DirectoryObject, kind: ObjectKind, ctx: RoutingContext, out: ObjectFinding[]): void {
  for (const attribute of VALUE_ATTRIBUTES[kind]) {
    for (const value of textValues(obj, attribute)) {
      // A contact's addresses point outside the organisation: they are never tenant domains.
      const all = checkValue(attribute, value, ctx);
      const errors = kind === 'contact' && all.includes('unverified') ? all.filter((e) => e !== 'unverified') : all;
      if (errors.length === 0) continue;
      const suggestion = errors.includes('blank') ? suggestForMissing(attribute, obj, ctx) : suggestForValue(attribute, value, ctx);
      for (const errorType of errors) out.push({ attribute, value, errorType, suggestedValue: suggestion });
    }
  }
}

function hasUsable(obj: DirectoryObject, attribute: string): boolean {
  return textValues(obj, attribute).some((v) => !isBlank(v));
}

function checkMissing(obj: DirectoryObject, kind: ObjectKind, mailEnabled: boolean, ctx: RoutingContext, out: ObjectFinding[]): void {
  const missing = (attribute: string): void => {
    if (values(obj, attribute).length === 0) out.push({ attribute, value: null, errorType: 'blank', suggestedValue: suggestForMissing(attribute, obj, ctx) });
  };
  if (kind === 'user') missing('userprincipalname');
  if (mailEnabled) {
    missing('mail');
    missing('mailnickname');
    missing('proxyaddresses');
    if (requiresTargetAddress(obj, kind)) missing('targetaddress');
    if (kind === 'group') missing('displayname');
  }
}

function checkProxySet(obj: DirectoryObject, ctx: RoutingContext, out: ObjectFinding[]): void {
  const proxies = textValues(obj, 'proxyaddresses');
  if (proxies.length > LIMITS.proxyCount) out.push({ attribute: 'proxyaddresses', value: null, errorType: 'count' });
  let smtp = 0;
  let primaries = 0;
  let primary = '';
  for (const p of proxies) {
    if (!isSmtpTyped(p)) continue;
    smtp++;
    if (p.startsWith('SMTP')) {
      primaries++;
      primary = p;
    }
  }
  if (smtp === 0) return;
  if (primaries !== 1) {
    out.push({ attribute: 'proxyaddresses', value: null, errorType: 'primary', suggestedValue: suggestPrimary(obj, ctx) });
    return;
  }
  const mail = textValues(obj, 'mail')[0];
  if (mail !== undefined && !isBlank(mail) && primary.slice(5).trim().toLowerCase() !== mail.trim().toLowerCase()) {
    out.push({ attribute: 'proxyaddresses', value: null, errorType: 'mismatch', suggestedValue: suggestPrimary(obj, ctx) });
  }
}

function checkBinary(obj: DirectoryObject, out: ObjectFinding[]): void {
  for (const attribute of ['usercertificate', 'usersmimecertificate']) {
    if (values(obj, attribute).length > LIMITS.certificateCount) out.push({ attribute, value: null, errorType: 'count' });
  }
  for (const photo of values(obj, 'thumbnailphoto')) {
    const size = typeof photo === 'string' ? photo.length : photo.byteLength;
    if (size > LIMITS.thumbnailBytes) out.push({ attribute: 'thumbnailphoto', value: `${size} bytes`, errorType: 'size' });
  }
}

function completenessOf(
  obj: DirectoryObject,
  kind: ObjectKind,
  findings: readonly ObjectFinding[],
): Partial<Record<CompletenessAttribute, boolean>> {
  const faulty = new Set(findings.map((f) => f.attribute));
  const ok = (a: CompletenessAttribute): boolean => hasUsable(obj, a) && !faulty.has(a);
  const result: Partial<Record<CompletenessAttribute, boolean>> = {
    mail: ok('mail'),
    mailnickname: ok('mailnickname'),
    proxyaddresses: ok('proxyaddresses'),
    displayname: ok('displayname'),
  };
  if (requiresTargetAddress(obj, kind)) result.targetaddress = ok('targetaddress');
  return result;
}

/** Every per-object rule of domain.md §3 (uniqueness excepted) on one in-scope object. */
export function checkObject(obj: DirectoryObject, kind: ObjectKind, ctx: RoutingContext): ObjectCheckResult {
  const findings: ObjectFinding[] = [];
  const mailEnabled = isMailEnabled(obj);
  checkValues(obj, kind, ctx, findings);
  checkMissing(obj, kind, mailEnabled, ctx, findings);
  // proxyAddresses alone makes an object mail-enabled, so this covers every object that has them.
  if (mailEnabled) checkProxySet(obj, ctx, findings);
  checkBinary(obj, findings);
  const upnValid =
    kind === 'user' &&
    hasUsable(obj, 'userprincipalname') &&
    !findings.some((f) => f.attribute === 'userprincipalname' && f.errorType !== 'unverified');
  return {
    findings,
    mailEnabled,
    upnValid,
    completeness: mailEnabled ? completenessOf(obj, kind, findings) : undefined,
  };
}
