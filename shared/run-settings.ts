import { CLOUD_NAMES } from './api/contract.ts';

/**
 * The settings a run was computed with, in words: shown with every score (the app's screens, the
 * PDF, the command line), so two numbers computed differently are never read as one.
 */
export interface RunSettings {
  cloud: keyof typeof CLOUD_NAMES;
  tenantDomains: readonly string[];
  routableSuffixes: readonly string[];
  scope: { includeOus: readonly string[]; excludeOus: readonly string[]; filter: string | null; excludeDisabled: boolean };
}

export function settingsInWords(s: RunSettings): string {
  const tenant = s.tenantDomains.length > 0 ? `tenant domains ${s.tenantDomains.join(', ')}` : 'no tenant domain entered ("domain is not a tenant domain" not checked)';
  const scope: string[] = [];
  if (s.scope.includeOus.length > 0) scope.push(`only under ${s.scope.includeOus.join('; ')}`);
  if (s.scope.excludeOus.length > 0) scope.push(`not under ${s.scope.excludeOus.join('; ')}`);
  if (s.scope.filter) scope.push(`filter ${s.scope.filter}`);
  if (s.scope.excludeDisabled) scope.push('disabled accounts left out');
  const routable = s.routableSuffixes.length > 0 ? `; also routable: ${s.routableSuffixes.join(', ')}` : '';
  return `Microsoft 365 ${CLOUD_NAMES[s.cloud]}; ${tenant}; scope: Entra Connect's default rules${scope.length > 0 ? `, ${scope.join(', ')}` : ''}${routable}`;
}
