import type { ErrorType, Severity } from '../findings.ts';

/**
 * One entry per rule the engine can raise. The ruleId is `<attribute key>.<errorType>`, stable
 * across versions: reports, exceptions and history refer to it.
 */
export interface RuleEntry {
  ruleId: string;
  title: string;
  attribute: string;
  errorType: ErrorType;
  severity: Severity;
  /** sAMAccountName rules: a warning while the UPN is valid, an error when it is missing or invalid. */
  severityWhenUpnInvalid?: Severity;
  /** The score category whose points this rule costs. */
  category: ScoreCategory;
  why: string;
  fix: string;
  docRef: string;
}

export type ScoreCategory = 'identity' | 'mail' | 'uniqueness' | 'infrastructure' | 'checklist';

const DOC = {
  prepare: 'https://learn.microsoft.com/microsoft-365/enterprise/prepare-for-directory-synchronization',
  upn: 'https://learn.microsoft.com/entra/identity/hybrid/connect/plan-connect-userprincipalname',
  resiliency: 'https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-syncservice-duplicate-attribute-resiliency',
  proxy: 'https://learn.microsoft.com/troubleshoot/entra/entra-id/user-prov-sync/proxyaddresses-attribute-populate',
  attributes: 'https://learn.microsoft.com/entra/identity/hybrid/connect/reference-connect-sync-attributes-synchronized',
  alias: 'https://learn.microsoft.com/exchange/recipients/mailbox-properties',
  tenantDomains: 'https://learn.microsoft.com/microsoft-365/admin/setup/add-domain',
  limits: 'https://learn.microsoft.com/entra/identity/users/directory-service-limits-restrictions',
} as const;

type Spec = [ErrorType, Severity, string, string, string?];

function family(
  key: string,
  attribute: string,
  category: ScoreCategory,
  docRef: string,
  specs: Spec[],
): RuleEntry[] {
  return specs.map(([errorType, severity, why, fix, title]) => ({
    ruleId: `${key}.${errorType}`,
    title: title ?? `${attribute}: ${ERROR_TYPE_WORDS[errorType]}`,
    attribute,
    errorType,
    severity,
    // Every duplicate costs uniqueness points, whatever attribute holds it.
    category: errorType === 'duplicate' ? 'uniqueness' : category,
    why,
    fix,
    docRef,
  }));
}

/** What each error type means, in words (the rules' titles end with it; filters show it). */
export const ERROR_TYPE_WORDS: Readonly<Record<ErrorType, string>> = {
  character: 'invalid character',
  format: 'malformed value',
  localpart: 'invalid local part (before @)',
  domainpart: 'invalid domain part (after @)',
  topleveldomain: 'domain is not routable',
  length: 'value too long',
  blank: 'value missing or blank',
  duplicate: 'value held by another object',
  primary: 'not exactly one primary SMTP address',
  mismatch: 'primary SMTP address differs from mail',
  unverified: 'domain is not a tenant domain',
  count: 'too many values',
  size: 'value too large',
};

const ADDRESS_WHY = 'Entra ID rejects an address that is not a valid, routable SMTP address; the object or the value does not synchronize.';

export const RULES: readonly RuleEntry[] = [
  ...family('userprincipalname', 'userPrincipalName', 'identity', DOC.upn, [
    ['blank', 'warning', 'Without a UPN, Entra Connect builds the sign-in name from sAMAccountName and the initial domain (onmicrosoft), so users sign in with an unfamiliar name.', 'Set a UPN on a routable, verified suffix.'],
    ['length', 'blocker', 'Entra ID limits the UPN to 113 characters, 64 before the @ and 48 after it; a longer UPN fails to export.', 'Shorten the UPN (usually the local part) within the limits.'],
    ['character', 'blocker', "Entra ID accepts only A-Z a-z 0-9 ' . - _ ! # ^ ~ and @ in a UPN; any other character fails the export.", 'Remove or replace the character (spaces, accents, commas, parentheses…).'],
    ['format', 'blocker', 'A UPN must have exactly one @ separating the name from the suffix.', 'Rewrite it as name@suffix.'],
    ['localpart', 'blocker', ADDRESS_WHY, 'Fix the part before @: no leading, trailing or double periods, only RFC 5322 characters.'],
    ['domainpart', 'blocker', ADDRESS_WHY, 'Fix the suffix: DNS labels of letters, digits and hyphens, none empty or over 63 characters.'],
    ['topleveldomain', 'error', 'A UPN on a non-routable suffix (.local, .corp, a single label…) cannot be verified in Microsoft 365; Entra Connect replaces it with the onmicrosoft domain.', 'Add a routable UPN suffix, verify it in the tenant, and move users to it.'],
    ['duplicate', 'blocker', 'The UPN must be unique across UPNs, mail and proxy addresses; duplicate attribute resiliency quarantines the second value, so one user gets an onmicrosoft sign-in name.', 'Give each object its own value; the related objects are listed.'],
    ['unverified', 'error', 'A UPN whose suffix is not verified in the tenant is replaced by the onmicrosoft domain at sync.', 'Verify the domain in the tenant or move the user to a verified suffix.'],
  ]),
  ...family('mail', 'mail', 'mail', DOC.prepare, [
    ['character', 'blocker', 'Whitespace, < > ( ) ; , [ ] " \\ or non-ASCII characters make mail an invalid SMTP address.', 'Remove the character.'],
    ['format', 'blocker', 'mail must have exactly one @.', 'Rewrite it as name@domain.'],
    ['localpart', 'blocker', ADDRESS_WHY, 'Fix the part before @.'],
    ['domainpart', 'blocker', ADDRESS_WHY, 'Fix the domain after @.'],
    ['topleveldomain', 'error', 'Mail on a non-routable domain cannot receive mail from Microsoft 365 and the domain cannot be verified.', 'Use a routable, verified domain.'],
    ['length', 'blocker', 'Entra ID limits mail to 256 characters.', 'Shorten the address.'],
    ['duplicate', 'blocker', 'Only the first holder of an address synchronizes it; the other loses the value (duplicate attribute resiliency).', 'Give each object its own address; the related objects are listed.'],
    ['blank', 'error', 'A mail-enabled object without mail has no primary address in Exchange Online.', 'Populate mail (often from the third-party mail directory).'],
    ['unverified', 'warning', 'An address on a domain that is not verified in the tenant is dropped from the cloud mailbox.', 'Verify the domain or change the address.'],
  ]),
  ...family('mailnickname', 'mailNickname', 'mail', DOC.alias, [
    ['length', 'error', 'The Exchange alias is limited to 64 characters.', 'Shorten the alias.'],
    ['character', 'error', 'The Exchange alias allows only RFC 5322 atext characters and periods; spaces, @, parentheses and non-ASCII are rejected.', 'Remove the character.'],
    ['format', 'error', 'An alias cannot start or end with a period or contain two periods in a row.', 'Fix the period placement.'],
    ['duplicate', 'error', 'Two recipients with the same alias collide in Exchange Online.', 'Make the alias unique; the related objects are listed.'],
    ['blank', 'error', 'Without mailNickname, Entra Connect does not synchronize the Exchange attributes of the object.', 'Populate mailNickname (the suggestion is derived from the UPN or sAMAccountName).'],
  ]),
  ...family('proxyaddresses', 'proxyAddresses', 'mail', DOC.proxy, [
    ['length', 'blocker', 'Each proxy address is limited to 256 characters including its prefix.', 'Shorten or remove the value.'],
    ['format', 'blocker', 'A proxy address must be type:address with a non-empty type, and an SMTP address cannot contain a colon.', 'Add the prefix (SMTP:, smtp:, X500:…) or fix the address.'],
    ['character', 'blocker', 'SMTP addresses cannot contain whitespace, < > ( ) ; , [ ] " or non-ASCII; other address types only ban line breaks, tabs and non-ASCII.', 'Remove the character.'],
    ['localpart', 'blocker', ADDRESS_WHY, 'Fix the part before @.'],
    ['domainpart', 'blocker', ADDRESS_WHY, 'Fix the domain after @.'],
    ['topleveldomain', 'error', 'An address on a non-routable domain is removed in Exchange Online.', 'Remove the address or move it to a routable domain.'],
    ['duplicate', 'blocker', 'A proxy address must be unique across proxy addresses, mail and UPNs; the second holder loses it.', 'Remove the address from one object; the related objects are listed.'],
    ['primary', 'error', 'Exactly one upper-case SMTP: value must mark the primary address; otherwise Exchange Online picks one.', 'Keep exactly one SMTP: value (the suggestion uses mail).'],
    ['mismatch', 'warning', 'The primary SMTP address should equal mail; when they differ, the cloud primary address may not be the one users expect.', 'Align mail and the primary SMTP address.'],
    ['count', 'blocker', 'Entra ID accepts at most 300 proxy addresses per object; more fails the export.', 'Remove obsolete addresses.'],
    ['blank', 'error', 'A mail-enabled object without proxyAddresses has no addresses in Exchange Online beyond mail.', 'Populate proxyAddresses with SMTP:mail and any secondary addresses.'],
    ['unverified', 'warning', 'An address on a domain that is not verified in the tenant is dropped from the cloud mailbox.', 'Verify the domain or remove the address.'],
  ]),
  ...family('targetaddress', 'targetAddress', 'mail', DOC.attributes, [
    ['length', 'error', 'targetAddress is limited to 256 characters.', 'Shorten the value.'],
    ['format', 'error', 'targetAddress must be type:address (usually SMTP:), with no colon inside an SMTP address.', 'Add the prefix or fix the address.'],
    ['character', 'error', 'An SMTP targetAddress cannot contain whitespace, \\ < > ( ) ; , [ ] " or non-ASCII.', 'Remove the character.'],
    ['localpart', 'error', ADDRESS_WHY, 'Fix the part before @.'],
    ['domainpart', 'error', ADDRESS_WHY, 'Fix the domain after @.'],
    ['topleveldomain', 'warning', 'Mail forwarded to a non-routable domain is not delivered.', 'Point it to a routable domain (the tenant routing domain for remote mailboxes).'],
    ['duplicate', 'error', 'Two objects forwarding to the same external address make routing ambiguous.', 'Give each object its own target; the related objects are listed.'],
    ['blank', 'error', 'A mail contact, mail user or remote mailbox without targetAddress has nowhere to deliver mail.', 'Set targetAddress (for remote mailboxes, the tenant routing domain address).'],
  ]),
  ...family('samaccountname', 'sAMAccountName', 'identity', DOC.prepare, [
    ['length', 'warning', 'sAMAccountName is limited to 20 characters; it becomes the sign-in name when the UPN is unusable.', 'Shorten the account name.'],
    ['character', 'warning', 'sAMAccountName cannot contain " [ ] : ; | = + * ? < > / \\ , \' or non-ASCII characters.', 'Remove the character.'],
    ['duplicate', 'warning', 'Two accounts with the same sAMAccountName collide when the name is used to build a sign-in name.', 'Rename one account; the related objects are listed.'],
  ]).map((r) => ({ ...r, severityWhenUpnInvalid: 'error' as Severity })),
  ...family('displayname', 'displayName', 'mail', DOC.prepare, [
    ['blank', 'error', 'A blank displayName, or none on a mail-enabled group, fails in Entra ID and the address book.', 'Set a display name.'],
    ['length', 'error', 'displayName is limited to 256 characters.', 'Shorten the display name.'],
    ['character', 'warning', 'Leading or trailing whitespace in displayName is trimmed or rejected by Entra ID.', 'Trim the value.'],
  ]),
  ...family('givenname', 'givenName', 'identity', DOC.limits, [
    ['length', 'error', 'givenName is limited to 64 characters in Entra ID; a longer value fails the export.', 'Shorten the given name.'],
  ]),
  ...family('sn', 'sn', 'identity', DOC.limits, [
    ['length', 'error', 'sn (surname) is limited to 64 characters in Entra ID; a longer value fails the export.', 'Shorten the surname.'],
  ]),
  ...family('usercertificate', 'userCertificate', 'identity', DOC.attributes, [
    ['count', 'error', 'Entra Connect does not export userCertificate when an object holds more than 15 values.', 'Remove expired or unused certificates.'],
  ]),
  ...family('usersmimecertificate', 'userSMIMECertificate', 'identity', DOC.attributes, [
    ['count', 'error', 'Entra Connect does not export userSMIMECertificate when an object holds more than 15 values.', 'Remove expired or unused certificates.'],
  ]),
  ...family('thumbnailphoto', 'thumbnailPhoto', 'identity', DOC.attributes, [
    ['size', 'warning', 'Entra Connect does not synchronize a thumbnailPhoto larger than 100 KB (102,400 bytes); the photo is lost in the cloud.', 'Replace the photo with a smaller one (96×96 JPEG is typical).'],
  ]),
];

const BY_ID = new Map(RULES.map((r) => [r.ruleId, r]));

export function ruleById(ruleId: string): RuleEntry {
  const rule = BY_ID.get(ruleId);
  if (!rule) throw new Error(`Unknown rule ${ruleId}`);
  return rule;
}

export function ruleFor(attributeKey: string, errorType: ErrorType): RuleEntry {
  return ruleById(`${attributeKey}.${errorType}`);
}

/**
 * The rules that read any of `attributes` (lower-case): a rule reads its own attribute, and the
 * primary-address comparison reads mail too. An export without one of these attributes leaves
 * the rules on it not assessed (domain.md §8), never passed.
 */
export function rulesReading(attributes: ReadonlySet<string>): string[] {
  return RULES.filter((r) => attributes.has(r.attribute.toLowerCase()) || (r.ruleId === 'proxyaddresses.mismatch' && attributes.has('mail'))).map((r) => r.ruleId);
}

/** A rule's title, or its id as it is when this version does not know it (a newer workspace). */
export function ruleTitle(ruleId: string): string {
  return BY_ID.get(ruleId)?.title ?? ruleId;
}
