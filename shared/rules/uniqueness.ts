import { textValues, type DirectoryObject } from '../directory-object.ts';
import type { ObjectKind } from '../findings.ts';
import { isSmtpTyped } from './value-checks.ts';

/**
 * The values that must be unique across in-scope objects (domain.md §3), each in its namespace.
 * UPN, mail and SMTP proxy addresses share one namespace: Entra ID treats them as one set of
 * addresses. The key is the trimmed, lower-cased value; one object may repeat a key across its own
 * attributes (its mail is usually its primary SMTP address) without colliding with itself.
 */
export const NAMESPACES = ['address', 'mailnickname', 'samaccountname', 'targetaddress'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export interface UniqueValue {
  namespace: Namespace;
  key: string;
  /** Lower-case attribute key holding the value. */
  attribute: string;
  value: string;
}

/**
 * The comparison key of a unique value (or of a suggested one, for the namespace it would occupy):
 * trimmed, lower-cased, an address without its smtp: prefix.
 */
export function uniqueKey(attribute: string, value: string): string {
  const compared = (attribute === 'proxyaddresses' || attribute === 'targetaddress') && isSmtpTyped(value) ? value.slice(5) : value;
  return compared.trim().toLowerCase();
}

/**
 * Calls `visit` with each unique value of an in-scope object, in a fixed order, skipping blank
 * keys. Allocation-free apart from the keys: it runs on every object of the directory.
 */
export function forEachUniqueValue(obj: DirectoryObject, kind: ObjectKind, visit: (namespace: Namespace, attribute: string, value: string, key: string) => void): void {
  const push = (namespace: Namespace, attribute: string, value: string): void => {
    const key = uniqueKey(attribute, value);
    if (key.length > 0) visit(namespace, attribute, value, key);
  };
  if (kind === 'user') {
    for (const v of textValues(obj, 'userprincipalname')) push('address', 'userprincipalname', v);
    for (const v of textValues(obj, 'samaccountname')) push('samaccountname', 'samaccountname', v);
  }
  for (const v of textValues(obj, 'mail')) push('address', 'mail', v);
  // Only SMTP proxies are addresses; X500 and other types are not unique values.
  for (const v of textValues(obj, 'proxyaddresses')) if (isSmtpTyped(v)) push('address', 'proxyaddresses', v);
  for (const v of textValues(obj, 'mailnickname')) push('mailnickname', 'mailnickname', v);
  for (const v of textValues(obj, 'targetaddress')) push('targetaddress', 'targetaddress', v);
}

export function uniqueValues(obj: DirectoryObject, kind: ObjectKind): UniqueValue[] {
  const out: UniqueValue[] = [];
  forEachUniqueValue(obj, kind, (namespace, attribute, value, key) => out.push({ namespace, key, attribute, value }));
  return out;
}

/** The namespace a suggested value must be unique in, if any. */
export function namespaceOfAttribute(attribute: string): Namespace | undefined {
  switch (attribute) {
    case 'userprincipalname':
    case 'mail':
    case 'proxyaddresses':
      return 'address';
    case 'mailnickname':
    case 'samaccountname':
    case 'targetaddress':
      return attribute;
    default:
      return undefined;
  }
}

/** Which namespace each attribute's values live in (the stored form records only the attribute). */
const NAMESPACE_OF: Record<string, Namespace> = {
  userprincipalname: 'address',
  mail: 'address',
  proxyaddresses: 'address',
  mailnickname: 'mailnickname',
  samaccountname: 'samaccountname',
  targetaddress: 'targetaddress',
};

/** An object's unique value as stored: its lower-case attribute key and the value. */
export type UniquePair = [attribute: string, value: string];

/** Stored form of an object's unique values: JSON pairs of attribute and value. */
export function encodeUniqueValues(pairs: readonly UniquePair[]): string {
  return JSON.stringify(pairs);
}

export function uniqueValuesOfPairs(pairs: readonly UniquePair[]): UniqueValue[] {
  return pairs.map(([attribute, value]) => ({ namespace: NAMESPACE_OF[attribute]!, attribute, value, key: uniqueKey(attribute, value) }));
}
