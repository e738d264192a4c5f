import type { DirectoryObject } from '../../shared/directory-object.ts';
import { parentDn } from '../../shared/dn.ts';
import type { ObjectKind } from '../../shared/findings.ts';
import type { RoutingContext } from '../../shared/rules/address.ts';
import { checkObject, type CompletenessAttribute, type ObjectFinding } from '../../shared/rules/object-checks.ts';
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
}

export interface ObjectEnvironment {
  scope: UserScope;
  ctx: RoutingContext;
  staleBefore: bigint;
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
    return { dn: obj.dn, kind, ou, excludedReason: reason, mailEnabled: false, upnValid: false, findings: [], completeness: null, unique: [], hashes: [], snapshot: toSnapshotJson(obj), facts, dnHash, line };
  }
  const result = checkObject(obj, kind, env.ctx);
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
  };
}
