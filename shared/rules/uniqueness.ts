import { textValues, type DirectoryObject } from '../directory-object.ts';
import type { ObjectKind } from '../findings.ts';
import { isSmtpType, splitTyped } from './value-checks.ts';

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

function keyOf(value: string): string {
  return value.trim().toLowerCase();
}

export function uniqueValues(obj: DirectoryObject, kind: ObjectKind): UniqueValue[] {
  const out: UniqueValue[] = [];
  const push = (namespace: Namespace, attribute: string, value: string, keyed: string): void => {
    const key = keyOf(keyed);
    if (key.length > 0) out.push({ namespace, key, attribute, value });
  };
  if (kind === 'user') {
    for (const v of textValues(obj, 'userprincipalname')) push('address', 'userprincipalname', v, v);
    for (const v of textValues(obj, 'samaccountname')) push('samaccountname', 'samaccountname', v, v);
  }
  for (const v of textValues(obj, 'mail')) push('address', 'mail', v, v);
  for (const v of textValues(obj, 'proxyaddresses')) {
    const typed = splitTyped(v);
    if (typed && isSmtpType(typed.type)) push('address', 'proxyaddresses', v, typed.address);
  }
  for (const v of textValues(obj, 'mailnickname')) push('mailnickname', 'mailnickname', v, v);
  for (const v of textValues(obj, 'targetaddress')) {
    const typed = splitTyped(v);
    push('targetaddress', 'targetaddress', v, typed && isSmtpType(typed.type) ? typed.address : v);
  }
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

/** The key a suggested value occupies in its namespace. */
export function keyOfSuggestion(attribute: string, value: string): string {
  if (attribute === 'proxyaddresses' || attribute === 'targetaddress') {
    const typed = splitTyped(value);
    if (typed && isSmtpType(typed.type)) return keyOf(typed.address);
  }
  return keyOf(value);
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

/** Stored form of an object's unique values: JSON pairs of attribute and value. */
export function encodeUniqueValues(list: readonly UniqueValue[]): string {
  return JSON.stringify(list.map((u) => [u.attribute, u.value]));
}

export function decodeUniqueValues(text: string): UniqueValue[] {
  return (JSON.parse(text) as [string, string][]).map(([attribute, value]) => {
    const namespace = NAMESPACE_OF[attribute]!;
    const typed = attribute === 'proxyaddresses' || attribute === 'targetaddress' ? splitTyped(value) : undefined;
    const keyed = typed && isSmtpType(typed.type) ? typed.address : value;
    return { namespace, attribute, value, key: keyOf(keyed) };
  });
}
