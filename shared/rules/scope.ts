import { firstText, has, textValues, type DirectoryObject } from '../directory-object.ts';
import { detach } from '../detach.ts';
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

const EXCHANGE_SYSTEM_BITS = 0x21c07000;
const ROLE_GROUP_BIT = 0x40000000;
const SECURITY_GROUP_BIT = 0x80000000;
const ACCOUNT_DISABLED = 0x2;

/**
 * objectClass and objectCategory repeat the same few spellings on every object: each spelling is
 * worked out once. Keys are detached copies (see detach.ts).
 */
const MEMO_LIMIT = 1000;

function memo<T>(cache: Map<string, T>, value: string, work: (v: string) => T): T {
  let result = cache.get(value);
  if (result === undefined) {
    result = work(value);
    if (cache.size < MEMO_LIMIT) cache.set(detach(value), result);
  }
  return result;
}

const COMPUTER = 1;
const GROUP = 2;
const CONTACT = 4;
const USER = 8;
const classFlags = new Map<string, number>();
const CLASS_FLAG = new Map([['computer', COMPUTER], ['group', GROUP], ['contact', CONTACT], ['user', USER], ['inetorgperson', USER]]);

/** The RDN name of an objectCategory DN (`CN=Person,CN=Schema,…` → `person`); null when blank. */
const categoryNames = new Map<string, string | null>();
function categoryOf(value: string): string | null {
  const cat = value.trim().toLowerCase();
  if (!cat) return null;
  return cat.startsWith('cn=') ? cat.slice(3).split(',')[0]! : cat;
}

/**
 * The flag of an objectClass value. The spellings AD writes are compared first: looking a freshly
 * read string up in a map hashes it, and every object holds several of them.
 */
function classFlag(value: string): number {
  switch (value) {
    case 'top':
    case 'person':
    case 'organizationalPerson':
      return 0;
    case 'user':
      return USER;
    case 'contact':
      return CONTACT;
    case 'group':
      return GROUP;
    case 'computer':
      return COMPUTER;
    default:
      return memo(classFlags, value, (v) => CLASS_FLAG.get(v.trim().toLowerCase()) ?? 0);
  }
}

/** `categoryOf`, with the DNs AD writes for the categories that matter compared first (see `classFlag`). */
function categoryName(value: string): string | null {
  if (value.startsWith('CN=Person,')) return 'person';
  if (value.startsWith('CN=Group,')) return 'group';
  if (value.startsWith('CN=Computer,')) return 'computer';
  return memo(categoryNames, value, categoryOf);
}

/** User, contact or group; undefined for anything else (computers, OUs, containers…). */
export function objectKind(obj: DirectoryObject): ObjectKind | undefined {
  let classes = 0;
  for (const c of textValues(obj, 'objectclass')) classes |= classFlag(c);
  const rawCategory = firstText(obj, 'objectcategory');
  const category = rawCategory === undefined ? undefined : (categoryName(rawCategory) ?? undefined);
  if (classes & COMPUTER || category === 'computer') return undefined;
  if (classes & GROUP || category === 'group') return 'group';
  if (classes & CONTACT) return 'contact';
  if (classes & USER && (category === undefined || category === 'person')) return 'user';
  return undefined;
}

const INTEGER = /^-?\d+$/;

/** An integer attribute's text, trimmed, when it holds an integer. */
function integerText(obj: DirectoryObject, name: string): string | undefined {
  const v = firstText(obj, name)?.trim();
  return v && INTEGER.test(v) ? v : undefined;
}

export function integerValue(obj: DirectoryObject, name: string): bigint | undefined {
  const v = integerText(obj, name);
  return v === undefined ? undefined : BigInt(v);
}

/**
 * The low 32 bits of an integer attribute, for flag tests (two's complement for negative values,
 * as AD writes groupType). Up to 15 digits a double is exact, so BigInt is only for longer text.
 */
function flagBits(obj: DirectoryObject, name: string): number | undefined {
  const v = integerText(obj, name);
  if (v === undefined) return undefined;
  return v.length <= 15 ? Number(v) | 0 : Number(BigInt.asIntN(32, BigInt(v)));
}

function isTrue(obj: DirectoryObject, name: string): boolean {
  return firstText(obj, name)?.trim().toUpperCase() === 'TRUE';
}

export function isDisabled(obj: DirectoryObject): boolean {
  const uac = flagBits(obj, 'useraccountcontrol');
  return uac !== undefined && (uac & ACCOUNT_DISABLED) !== 0;
}

function defaultExclusion(obj: DirectoryObject, kind: ObjectKind): ExclusionReason | undefined {
  if (isTrue(obj, 'iscriticalsystemobject')) return 'critical-system-object';
  if (/\\0ACNF:|\nCNF:/i.test(obj.dn)) return 'replication-conflict';
  const details = flagBits(obj, 'msexchrecipienttypedetails');
  if (kind === 'user') {
    const sam = firstText(obj, 'samaccountname');
    if (sam === undefined || sam.trim() === '') return 'no-samaccountname';
    const samUpper = sam.toUpperCase();
    if (samUpper.startsWith('AAD_') || samUpper.startsWith('MSOL_')) return 'sync-service-account';
    if (samUpper === 'SUPPORT_388945A0') return 'support-account';
    const nick = firstText(obj, 'mailnickname') ?? '';
    if (nick.startsWith('SystemMailbox{') || (nick.startsWith('CAS_') && nick.includes('}'))) return 'system-mailbox';
    if (details !== undefined && (details & EXCHANGE_SYSTEM_BITS) !== 0) return 'exchange-system-recipient';
  }
  if (kind === 'group') {
    if (details !== undefined && (details & ROLE_GROUP_BIT) !== 0) return 'role-group';
    const groupType = flagBits(obj, 'grouptype');
    const security = groupType !== undefined && (groupType & SECURITY_GROUP_BIT) !== 0;
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
const TARGET_REQUIRED_DETAILS = new Set([128, 2 ** 31, 2 ** 33, 2 ** 34, 2 ** 35]);

export function requiresTargetAddress(obj: DirectoryObject, kind: ObjectKind): boolean {
  if (kind === 'contact') return isMailEnabled(obj);
  if (kind !== 'user') return false;
  const details = integerText(obj, 'msexchrecipienttypedetails');
  // Past 15 digits a double rounds, but never onto one of these small values.
  return details !== undefined && TARGET_REQUIRED_DETAILS.has(details.length <= 15 ? Number(details) : Number(BigInt(details)));
}
