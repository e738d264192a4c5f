import type { RoutingContext } from '../../shared/rules/address.ts';
import type { UserScope } from '../../shared/rules/scope.ts';

/** What a run is asked to assess with: scope, the tenant's domains and cloud, the routing rules. */
export interface AssessmentOptions {
  scope: UserScope;
  /** The scope as a person wrote it (OUs, filter text), stored with the run. */
  scopeDescription: Record<string, unknown>;
  routableSuffixes: string[];
  tenantDomains: string[];
  cloud: 'gcc' | 'gcc-high' | 'dod';
  ctx: RoutingContext;
}
