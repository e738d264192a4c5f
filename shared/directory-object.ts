/**
 * The one shape every directory source (LDIF, CSV, LDAP, the sample) produces.
 * Attribute names are lower-cased keys (AD attribute names are case-insensitive);
 * binary attributes stay bytes so nothing is lost between a source and the engine.
 */
export type AttributeValue = string | Uint8Array;

export interface DirectoryObject {
  dn: string;
  attributes: Map<string, AttributeValue[]>;
  /** 1-based line in the source file where the entry starts, when there is one. */
  sourceLine?: number;
  /**
   * Attributes an export left unfinished: a ranged value (`member;range=0-1499`) without its last
   * range (`-*`). What was read is a lower bound (domain.md §8).
   */
  partial?: string[];
}

/** Attributes AD stores as octet strings: kept as bytes by every reader. */
export const BINARY_ATTRIBUTES: ReadonlySet<string> = new Set([
  'objectguid',
  'objectsid',
  'thumbnailphoto',
  'jpegphoto',
  'usercertificate',
  'usersmimecertificate',
  'ms-ds-consistencyguid',
  'msexchmailboxguid',
  'sidhistory',
]);

export function isBinaryAttribute(name: string): boolean {
  return BINARY_ATTRIBUTES.has(name.toLowerCase());
}

export function values(obj: DirectoryObject, name: string): AttributeValue[] {
  return obj.attributes.get(name) ?? [];
}

const NONE: readonly string[] = [];

/**
 * Text values of an attribute (binary values are skipped). Read-only: when every value is text,
 * which is nearly always, the stored array itself is returned rather than a copy.
 */
export function textValues(obj: DirectoryObject, name: string): readonly string[] {
  const all = obj.attributes.get(name);
  if (!all) return NONE;
  for (const v of all) {
    if (typeof v !== 'string') return all.filter((x): x is string => typeof x === 'string');
  }
  return all as string[];
}

export function firstText(obj: DirectoryObject, name: string): string | undefined {
  for (const v of values(obj, name)) if (typeof v === 'string') return v;
  return undefined;
}

export function has(obj: DirectoryObject, name: string): boolean {
  return (obj.attributes.get(name)?.length ?? 0) > 0;
}

/** The display spelling of attribute names the rules read (keys are lower-case). */
export const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  userprincipalname: 'userPrincipalName',
  mail: 'mail',
  mailnickname: 'mailNickname',
  proxyaddresses: 'proxyAddresses',
  targetaddress: 'targetAddress',
  samaccountname: 'sAMAccountName',
  displayname: 'displayName',
  givenname: 'givenName',
  sn: 'sn',
  usercertificate: 'userCertificate',
  usersmimecertificate: 'userSMIMECertificate',
  thumbnailphoto: 'thumbnailPhoto',
  cn: 'cn',
};

export function attributeDisplayName(key: string): string {
  return ATTRIBUTE_NAMES[key] ?? key;
}
