/** The fixed errorType vocabulary of domain.md §3 (IdFix users know the first eight). */
export const ERROR_TYPES = [
  'character',
  'format',
  'localpart',
  'domainpart',
  'topleveldomain',
  'length',
  'blank',
  'duplicate',
  'primary',
  'mismatch',
  'unverified',
  'count',
  'size',
] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

export const SEVERITIES = ['blocker', 'error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type ObjectKind = 'user' | 'contact' | 'group';

export interface Finding {
  dn: string;
  objectClass: ObjectKind;
  /** Display spelling, e.g. userPrincipalName. */
  attribute: string;
  /** The offending value; null for object-level findings (primary, mismatch, count, absent values). */
  value: string | null;
  errorType: ErrorType;
  ruleId: string;
  severity: Severity;
  suggestedValue?: string;
  /** Duplicates: a few of the other holders (all of them are in the group), the group's id and how many hold the value. */
  relatedDns?: string[];
  duplicateGroup?: number;
  holders?: number;
}
