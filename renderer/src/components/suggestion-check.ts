import type { RoutingContext } from '../../../shared/rules/address.ts';
import { checkValue } from '../../../shared/rules/value-checks.ts';
import { RULES } from '../../../shared/rules/catalogue.ts';

/**
 * Live validation of an edited value with the engine's own rules (shared/), so what a person
 * accepts passes the same checks the next run applies. Uniqueness needs the whole directory and is
 * checked by that next run.
 */
export function routingFor(tlds: ReadonlySet<string>, routableSuffixes: readonly string[], tenantDomains: readonly string[]): RoutingContext {
  const norm = (s: string) => s.trim().toLowerCase().replace(/^\*?\./, '').replace(/\.$/, '');
  return { isDelegatedTld: (l) => tlds.has(l), routableSuffixes: routableSuffixes.map(norm).filter(Boolean), tenantDomains: tenantDomains.map(norm).filter(Boolean) };
}

export function problemsWith(attribute: string, value: string, ctx: RoutingContext): string[] {
  const key = attribute.toLowerCase();
  return checkValue(key, value, ctx).map((errorType) => RULES.find((r) => r.ruleId === `${key}.${errorType}`)?.title ?? `${attribute}: ${errorType}`);
}
