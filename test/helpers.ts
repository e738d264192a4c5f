import type { AttributeValue, DirectoryObject } from '../shared/directory-object.ts';
import type { AssessmentOptions } from '../main/engine/assess.ts';
import { routingContext } from '../main/engine/routing.ts';
import { DEFAULT_SCOPE } from '../shared/rules/scope.ts';

/** A DirectoryObject from a plain record; attribute names are lower-cased as every source does. */
export function dirObject(dn: string, attrs: Record<string, AttributeValue | AttributeValue[]>): DirectoryObject {
  const attributes = new Map<string, AttributeValue[]>();
  for (const [k, v] of Object.entries(attrs)) attributes.set(k.toLowerCase(), Array.isArray(v) ? v : [v]);
  return { dn, attributes };
}

export const ctx = routingContext();
export const tenantCtx = routingContext({ tenantDomains: ['agency.gov'] });

export function user(cn: string, attrs: Record<string, AttributeValue | AttributeValue[]> = {}): DirectoryObject {
  return dirObject(`CN=${cn},OU=Staff,DC=agency,DC=gov`, {
    objectClass: ['top', 'person', 'organizationalPerson', 'user'],
    objectCategory: 'CN=Person,CN=Schema,CN=Configuration,DC=agency,DC=gov',
    sAMAccountName: cn.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 20),
    ...attrs,
  });
}

/** A run with the default Entra Connect scope, as the CLI makes it without scope options. */
export function runOptions(o: { tenantDomains?: string[]; cloud?: AssessmentOptions['cloud'] } = {}): AssessmentOptions {
  const tenantDomains = o.tenantDomains ?? [];
  return { scope: DEFAULT_SCOPE, scopeDescription: {}, routableSuffixes: [], tenantDomains, cloud: o.cloud ?? 'gcc', ctx: routingContext({ tenantDomains }) };
}
