import type { DirectoryObject } from '../../shared/directory-object.ts';
import { parentDn } from '../../shared/dn.ts';
import type { ObjectKind } from '../../shared/findings.ts';
import type { RoutingContext } from '../../shared/rules/address.ts';
import { checkObject, type CompletenessAttribute, type ObjectCheckResult, type ObjectFinding } from '../../shared/rules/object-checks.ts';
import { exclusionReason, objectKind, type ExclusionReason, type UserScope } from '../../shared/rules/scope.ts';
import { forEachUniqueValue, type UniquePair } from '../../shared/rules/uniqueness.ts';
import { hashDn, hashKey } from './key-hash.ts';
import { infraFacts, type InfraFacts } from './infrastructure.ts';
import { toSnapshotJson } from './snapshot.ts';

/**
 * Everything the engine learns from one object on its own: class, scope, per-object findings,
 * completeness, the hashes of its unique values and the facts for the directory checks. It is a
 * pure function of the object, so it runs wherever the object is read (in parallel workers for
 * large exports); only what needs every object (uniqueness, counts, storage) happens in the run.
 */
export interface ObjectOutcome {
  dn: string;
  kind: ObjectKind;
  ou: string;
  excludedReason: ExclusionReason | null;
  mailEnabled: boolean;
  upnValid: boolean;
  findings: ObjectFinding[];
  completeness: Partial<Record<CompletenessAttribute, boolean>> | null;
  /** Unique values as (attribute, value) pairs, for re-reading duplicates, and their hashes, two numbers a value. */
  unique: UniquePair[];
  hashes: number[];
  /** Every attribute as JSON, for objects a person will open (findings or exclusion). */
  snapshot: string | null;
  facts: InfraFacts;
  /** The hashes of the DN (an input must hold each object once) and the line it starts on (0 when not from a file). */
  dnHash: number[];
  line: number;
  /** Bits of CARRIED_ATTRIBUTES this in-scope object holds a value of (0 for excluded objects). */
  carried: number;
}

/**
 * Attributes a run counts the holders of, so that an export in which no object carries one says
 * so ("no object carries proxyAddresses: was it exported?"), with the classes expected to.
 */
export const CARRIED_ATTRIBUTES: readonly { attribute: string; name: string; kinds: readonly ObjectKind[] }[] = [
  { attribute: 'userprincipalname', name: 'userPrincipalName', kinds: ['user'] },
  { attribute: 'samaccountname', name: 'sAMAccountName', kinds: ['user'] },
  { attribute: 'mail', name: 'mail', kinds: ['user', 'contact', 'group'] },
  { attribute: 'proxyaddresses', name: 'proxyAddresses', kinds: ['user', 'contact', 'group'] },
  { attribute: 'mailnickname', name: 'mailNickname', kinds: ['user', 'contact', 'group'] },
  { attribute: 'displayname', name: 'displayName', kinds: ['user', 'contact', 'group'] },
];

function carriedBits(obj: DirectoryObject): number {
  let bits = 0;
  for (let i = 0; i < CARRIED_ATTRIBUTES.length; i++) if (obj.attributes.has(CARRIED_ATTRIBUTES[i]!.attribute)) bits |= 1 << i;
  return bits;
}

export interface ObjectEnvironment {
  scope: UserScope;
  ctx: RoutingContext;
  staleBefore: bigint;
  /**
   * What the source did not export (lower-case attributes) and the rules that therefore cannot be
   * assessed for its objects: their findings would be false ("blank" for a column never written).
   */
  notExported?: ReadonlySet<string>;
  notAssessed?: ReadonlySet<string>;
}

/** Drops what the source could not say: findings of rules it cannot feed, completeness of attributes it left out. */
function withoutUnexported(result: ObjectCheckResult, env: ObjectEnvironment): ObjectCheckResult {
  const { notAssessed, notExported } = env;
  if (!notAssessed?.size || !notExported) return result;
  const findings = result.findings.filter((f) => !notAssessed.has(`${f.attribute}.${f.errorType}`));
  let completeness = result.completeness;
  if (completeness) {
    completeness = { ...completeness };
    for (const a of Object.keys(completeness)) if (notExported.has(a)) delete completeness[a as CompletenessAttribute];
  }
  return { ...result, findings, completeness };
}

/**
 * undefined for entries that are not users, contacts or groups (OUs, computers…); null for an
 * entry with no objectClass at all, of which nothing can be told (domain.md §8: counted, named).
 */
export function assessObject(obj: DirectoryObject, env: ObjectEnvironment): ObjectOutcome | undefined | null {
  const kind = objectKind(obj);
  if (!kind) return obj.attributes.has('objectclass') ? undefined : null;
  const reason = exclusionReason(obj, kind, env.scope) ?? null;
  const facts = infraFacts(obj, kind, env.staleBefore);
  const ou = parentDn(obj.dn);
  const dnHash: number[] = [];
  hashDn(obj.dn, dnHash);
  const line = obj.sourceLine ?? 0;
  if (reason !== null) {
    return { dn: obj.dn, kind, ou, excludedReason: reason, mailEnabled: false, upnValid: false, findings: [], completeness: null, unique: [], hashes: [], snapshot: toSnapshotJson(obj), facts, dnHash, line, carried: 0 };
  }
  const result = withoutUnexported(checkObject(obj, kind, env.ctx), env);
  const unique: UniquePair[] = [];
  const hashes: number[] = [];
  forEachUniqueValue(obj, kind, (namespace, attribute, value, key) => {
    unique.push([attribute, value]);
    hashKey(namespace, key, hashes);
  });
  return {
    dn: obj.dn,
    kind,
    ou,
    excludedReason: null,
    mailEnabled: result.mailEnabled,
    upnValid: result.upnValid,
    findings: result.findings,
    completeness: result.completeness ?? null,
    unique,
    hashes,
    snapshot: result.findings.length > 0 ? toSnapshotJson(obj) : null,
    facts,
    dnHash,
    line,
    carried: carriedBits(obj),
  };
}
