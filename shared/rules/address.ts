import type { ErrorType } from '../findings.ts';
import { detach } from '../detach.ts';
import { labelToUnicode } from './punycode.ts';

/**
 * What decides whether a domain is routable, and which domains the tenant owns. The TLD list
 * itself lives in main (it comes from an npm package) and reaches the renderer through the API.
 */
export interface RoutingContext {
  /** True when the Unicode, lower-cased label is an IANA-delegated TLD. */
  isDelegatedTld(label: string): boolean;
  /** Lower-case suffixes the user declared routable (e.g. a private TLD they know resolves). */
  routableSuffixes: readonly string[];
  /** Lower-case domains verified (or to be verified) in the tenant; empty means "not entered". */
  tenantDomains: readonly string[];
}

/** Last labels that are never routable on the Internet (RFC 2606, RFC 6761, common internal names). */
export const RESERVED_TLDS: ReadonlySet<string> = new Set([
  'local', 'internal', 'lan', 'corp', 'home', 'localdomain', 'localhost', 'test', 'example', 'invalid',
]);

const ATEXT_OR_DOT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+$/;
const DNS_LABEL = /^[A-Za-z0-9-]+$/;

export function splitAddress(value: string): { local: string; domain: string } | undefined {
  const at = value.indexOf('@');
  if (at < 0 || value.indexOf('@', at + 1) >= 0) return undefined;
  return { local: value.slice(0, at), domain: value.slice(at + 1) };
}

export function isValidLocalPart(local: string): boolean {
  return (
    local.length > 0 &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    !local.includes('..') &&
    ATEXT_OR_DOT.test(local)
  );
}

export function isValidDomainPart(domain: string): boolean {
  if (domain.length === 0 || domain.length > 255) return false;
  for (const label of domain.split('.')) {
    if (label.length === 0 || label.length > 63) return false;
    if (label.startsWith('-') || label.endsWith('-')) return false;
    if (!DNS_LABEL.test(label)) return false;
  }
  return true;
}

function endsWithDomain(domain: string, suffix: string): boolean {
  return domain === suffix || domain.endsWith(`.${suffix}`);
}

/** A syntactically valid domain: is it routable on the Internet? */
export function isRoutableDomain(domain: string, ctx: RoutingContext): boolean {
  const lower = domain.toLowerCase();
  if (ctx.routableSuffixes.some((s) => endsWithDomain(lower, s))) return true;
  if (ctx.tenantDomains.some((s) => endsWithDomain(lower, s))) return true;
  const labels = lower.split('.');
  if (labels.length < 2) return false;
  const last = labelToUnicode(labels[labels.length - 1]!);
  if (last === undefined || RESERVED_TLDS.has(last)) return false;
  return ctx.isDelegatedTld(last);
}

/**
 * A tenant's initial domain and its hybrid routing domain (`name.onmicrosoft.com`,
 * `name.mail.onmicrosoft.com`; `.us` in GCC High and DoD) are verified in that tenant by Microsoft,
 * so a person never lists them. Hybrid mailboxes carry the routing domain in proxyAddresses.
 */
const MICROSOFT_INITIAL_DOMAIN = /^([a-z0-9-]+)\.(?:mail\.)?onmicrosoft\.(?:com|us)$/;

function tenantNameOf(domain: string): string | undefined {
  return MICROSOFT_INITIAL_DOMAIN.exec(domain)?.[1];
}

export function isTenantDomain(domain: string, ctx: RoutingContext): boolean {
  const lower = domain.toLowerCase();
  if (ctx.tenantDomains.some((s) => endsWithDomain(lower, s))) return true;
  const name = tenantNameOf(lower);
  if (name === undefined) return false;
  // When the person named the tenant's initial domain, only that tenant's are its own; otherwise
  // any tenant's initial domain is taken as this one's, since which tenant it is cannot be told.
  const named = ctx.tenantDomains.map(tenantNameOf).filter((n) => n !== undefined);
  return named.length === 0 || named.includes(name);
}

/**
 * The address checks of domain.md §3 on a value already trimmed: `format` alone when there is not
 * exactly one @; otherwise `localpart`, `domainpart` and, for a valid domain, `topleveldomain`.
 */
const VALID_ROUTABLE = 0;
const VALID_NOT_ROUTABLE = 1;
const INVALID = 2;
/** A directory has few domains and millions of addresses: each domain's verdict is worked out once per context. */
const domainVerdicts = new WeakMap<RoutingContext, Map<string, number>>();

function domainVerdict(domain: string, ctx: RoutingContext): number {
  let cache = domainVerdicts.get(ctx);
  if (!cache) domainVerdicts.set(ctx, (cache = new Map()));
  let verdict = cache.get(domain);
  if (verdict === undefined) {
    verdict = !isValidDomainPart(domain) ? INVALID : isRoutableDomain(domain, ctx) ? VALID_ROUTABLE : VALID_NOT_ROUTABLE;
    if (cache.size < 50_000) cache.set(detach(domain), verdict);
  }
  return verdict;
}

export function addressErrors(trimmed: string, ctx: RoutingContext): ErrorType[] {
  const parts = splitAddress(trimmed);
  if (!parts) return ['format'];
  const errors: ErrorType[] = [];
  if (!isValidLocalPart(parts.local)) errors.push('localpart');
  const verdict = domainVerdict(parts.domain, ctx);
  if (verdict === INVALID) errors.push('domainpart');
  else if (verdict === VALID_NOT_ROUTABLE) errors.push('topleveldomain');
  return errors;
}

/** `unverified` applies only when the user entered tenant domains and the address has a domain. */
export function isUnverified(trimmed: string, ctx: RoutingContext): boolean {
  if (ctx.tenantDomains.length === 0) return false;
  const parts = splitAddress(trimmed);
  return parts !== undefined && parts.domain.length > 0 && !isTenantDomain(parts.domain, ctx);
}
