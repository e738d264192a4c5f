import { firstText, has, textValues, type DirectoryObject } from '../directory-object.ts';
import { isWithin } from '../dn.ts';
import type { ObjectKind } from '../findings.ts';
import { matchesFilter, type Filter } from '../ldap-filter.ts';

/** domain.md §2: which objects Entra Connect's default rules would synchronize, and why not. */

export const EXCLUSION_REASONS = {
  'critical-system-object': 'isCriticalSystemObject is TRUE',
  'replication-conflict': 'replication conflict object (CNF in the DN)',
  'no-samaccountname': 'user without sAMAccountName',
  'sync-service-account': 'sAMAccountName starts with AAD_ or MSOL_ (sync service account)',
  'support-account': 'sAMAccountName is SUPPORT_388945a0 (built-in support account)',
  'system-mailbox': 'mailNickname marks an Exchange system mailbox (SystemMailbox{…} or CAS_…})',
  'exchange-system-recipient': 'msExchRecipientTypeDetails marks an Exchange system recipient (public folder, system, arbitration, discovery mailbox, mailbox plan)',
  'role-group': 'Exchange role group',
  'non-mail-distribution-group': 'distribution group that is not mail-enabled (no proxyAddresses)',
  'contact-without-address': 'contact without mail and without proxyAddresses',
  'outside-included-ous': 'outside the OUs included in scope',
  'excluded-ou': 'in an OU excluded from scope',
  'scope-filter': 'does not match the scope filter',
  'disabled-account': 'disabled account (disabled accounts excluded from scope)',
} as const;
export type ExclusionReason = keyof typeof EXCLUSION_REASONS;

export interface UserScope {
  includeOus: readonly string[];
  excludeOus: readonly string[];
  filter?: Filter;
  excludeDisabled: boolean;
}

export const DEFAULT_SCOPE: UserScope = { includeOus: [], excludeOus: [], excludeDisabled: false };

const EXCHANGE_SYSTEM_BITS = 0x21c07000n;
const ROLE_GROUP_BIT = 0x40000000n;
const SECURITY_GROUP_BIT = 0x80000000;
const ACCOUNT_DISABLED = 0x2;

/** The RDN name of an objectCategory DN (`CN=Person,CN=Schema,…` → `person`). */
function categoryName(obj: DirectoryObject): string | undefined {
  const cat = firstText(obj, 'objectcategory')?.trim().toLowerCase();
  if (!cat) return undefined;
  return cat.startsWith('cn=') ? cat.slice(3).split(',')[0] : cat;
}

/** User, contact or group; undefined for anything else (computers, OUs, containers…). */
export function objectKind(obj: DirectoryObject): ObjectKind | undefined {
  const classes = textValues(obj, 'objectclass').map((c) => c.trim().toLowerCase());
  const category = categoryName(obj);
  if (classes.includes('computer') || category === 'computer') return undefined;
  if (classes.includes('group') || category === 'group') return 'group';
  if (classes.includes('contact')) return 'contact';
  const userClass = classes.includes('user') || classes.includes('inetorgperson');
  if (userClass && (category === undefined || category === 'person')) return 'user';
  return undefined;
}

export function integerValue(obj: DirectoryObject, name: string): bigint | undefined {
  const v = firstText(obj, name)?.trim();
  return v && /^-?\d+$/.test(v) ? BigInt(v) : undefined;
}

function isTrue(obj: DirectoryObject, name: string): boolean {
  return firstText(obj, name)?.trim().toUpperCase() === 'TRUE';
}

export function isDisabled(obj: DirectoryObject): boolean {
  const uac = integerValue(obj, 'useraccountcontrol');
  return uac !== undefined && (Number(BigInt.asUintN(32, uac)) & ACCOUNT_DISABLED) !== 0;
}

function defaultExclusion(obj: DirectoryObject, kind: ObjectKind): ExclusionReason | undefined {
  if (isTrue(obj, 'iscriticalsystemobject')) return 'critical-system-object';
  if (/\\0ACNF:|\nCNF:/i.test(obj.dn)) return 'replication-conflict';
  const details = integerValue(obj, 'msexchrecipienttypedetails');
  if (kind === 'user') {
    const sam = firstText(obj, 'samaccountname');
    if (sam === undefined || sam.trim() === '') return 'no-samaccountname';
    const samUpper = sam.toUpperCase();
    if (samUpper.startsWith('AAD_') || samUpper.startsWith('MSOL_')) return 'sync-service-account';
    if (samUpper === 'SUPPORT_388945A0') return 'support-account';
    const nick = firstText(obj, 'mailnickname') ?? '';
    if (nick.startsWith('SystemMailbox{') || (nick.startsWith('CAS_') && nick.includes('}'))) return 'system-mailbox';
    if (details !== undefined && (BigInt.asUintN(64, details) & EXCHANGE_SYSTEM_BITS) !== 0n) return 'exchange-system-recipient';
  }
  if (kind === 'group') {
    if (details !== undefined && (BigInt.asUintN(64, details) & ROLE_GROUP_BIT) !== 0n) return 'role-group';
    const groupType = integerValue(obj, 'grouptype');
    const security = groupType !== undefined && (Number(BigInt.asUintN(32, groupType)) & SECURITY_GROUP_BIT) !== 0;
    if (!security && !has(obj, 'proxyaddresses')) return 'non-mail-distribution-group';
  }
  if (kind === 'contact' && !has(obj, 'mail') && !has(obj, 'proxyaddresses')) return 'contact-without-address';
  return undefined;
}

function userExclusion(obj: DirectoryObject, kind: ObjectKind, scope: UserScope): ExclusionReason | undefined {
  if (scope.includeOus.length > 0 && !scope.includeOus.some((ou) => isWithin(obj.dn, ou))) return 'outside-included-ous';
  if (scope.excludeOus.some((ou) => isWithin(obj.dn, ou))) return 'excluded-ou';
  if (scope.filter && !matchesFilter(obj, scope.filter)) return 'scope-filter';
  if (scope.excludeDisabled && kind === 'user' && isDisabled(obj)) return 'disabled-account';
  return undefined;
}

/** The first reason an object is excluded, or undefined when it is in scope. */
export function exclusionReason(obj: DirectoryObject, kind: ObjectKind, scope: UserScope): ExclusionReason | undefined {
  return defaultExclusion(obj, kind) ?? userExclusion(obj, kind, scope);
}

const MAIL_ENABLING = ['mail', 'proxyaddresses', 'mailnickname', 'targetaddress', 'homemdb', 'msexchrecipienttypedetails'];

export function isMailEnabled(obj: DirectoryObject): boolean {
  return MAIL_ENABLING.some((a) => has(obj, a));
}

/** Mail users (128) and remote mailboxes (2^31, 2^33, 2^34, 2^35) route through targetAddress. */
const TARGET_REQUIRED_DETAILS = new Set([128n, 2147483648n, 8589934592n, 17179869184n, 34359738368n]);

export function requiresTargetAddress(obj: DirectoryObject, kind: ObjectKind): boolean {
  if (kind === 'contact') return isMailEnabled(obj);
  if (kind !== 'user') return false;
  const details = integerValue(obj, 'msexchrecipienttypedetails');
  return details !== undefined && TARGET_REQUIRED_DETAILS.has(details);
}
