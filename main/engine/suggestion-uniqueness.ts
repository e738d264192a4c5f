import { splitAddress } from '../../shared/rules/address.ts';
import type { RoutingContext } from '../../shared/rules/address.ts';
import { validSuggestion } from '../../shared/rules/suggest.ts';
import { uniqueKey, namespaceOfAttribute } from '../../shared/rules/uniqueness.ts';
import { splitTyped } from '../../shared/rules/value-checks.ts';
import type { DuplicateIndex } from './duplicate-index.ts';

/**
 * A suggestion must not collide with another object's value (domain.md §3). Once every object has
 * been read, each suggestion in a uniqueness namespace is checked against the index; on a collision
 * a number is appended (jsmith → jsmith2) until the value is free and still passes every rule. The
 * chosen value is then reserved so two suggestions never collide with each other either.
 */
const MAX_TRIES = 50;

function withNumber(attribute: string, value: string, n: number): string {
  const typed = attribute === 'proxyaddresses' || attribute === 'targetaddress' ? splitTyped(value) : undefined;
  const prefix = typed ? `${typed.type}:` : '';
  const body = typed ? typed.address : value;
  const parts = splitAddress(body);
  if (parts) return `${prefix}${parts.local}${n}@${parts.domain}`;
  const limit = attribute === 'samaccountname' ? 20 : 64;
  const suffix = String(n);
  return `${prefix}${body.slice(0, limit - suffix.length)}${suffix}`;
}

export function uniqueSuggestion(
  index: DuplicateIndex,
  attribute: string,
  suggestion: string,
  objectId: number,
  ctx: RoutingContext,
): string | undefined {
  const namespace = namespaceOfAttribute(attribute);
  if (!namespace) return suggestion;
  for (let n = 1; n <= MAX_TRIES; n++) {
    const candidate = n === 1 ? suggestion : validSuggestion(attribute, withNumber(attribute, suggestion, n), ctx);
    if (candidate === undefined) continue;
    const key = uniqueKey(attribute, candidate);
    if (!index.hasOtherHolder(namespace, key, objectId)) {
      index.add(namespace, key, objectId);
      return candidate;
    }
  }
  return undefined;
}
