import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { RoutingContext } from '../../shared/rules/address.ts';
import { labelToUnicode } from '../../shared/rules/punycode.ts';
import { resourcePath } from '../resources.ts';

/**
 * The IANA list of delegated TLDs comes from the maintained npm package `tlds`, shipped inside the
 * app: nothing is downloaded at run time (air-gapped sites). Its version and date appear in every
 * output so a reader knows how fresh the list was.
 */
const require = createRequire(import.meta.url);

export interface TldListInfo {
  package: string;
  version: string;
  date: string | null;
  count: number;
}

let cached: { set: Set<string>; info: TldListInfo } | undefined;

function load(): { set: Set<string>; info: TldListInfo } {
  if (cached) return cached;
  const list = require('tlds') as string[];
  const { version } = require('tlds/package.json') as { version: string };
  const dates = JSON.parse(readFileSync(resourcePath('tld', 'release-dates.json'), 'utf8')) as Record<string, string>;
  // The package spells internationalized TLDs in Unicode; normalize any xn-- entry the same way.
  const set = new Set(list.map((t) => labelToUnicode(t) ?? t.toLowerCase()));
  cached = { set, info: { package: 'tlds', version, date: dates[version] ?? null, count: set.size } };
  return cached;
}

export function tldListInfo(): TldListInfo {
  return load().info;
}

function normalizeSuffix(s: string): string {
  return s.trim().toLowerCase().replace(/^\*?\./, '').replace(/\.$/, '');
}

export function routingContext(options: { routableSuffixes?: readonly string[]; tenantDomains?: readonly string[] } = {}): RoutingContext {
  const { set } = load();
  return {
    isDelegatedTld: (label) => set.has(label),
    routableSuffixes: (options.routableSuffixes ?? []).map(normalizeSuffix).filter(Boolean),
    tenantDomains: (options.tenantDomains ?? []).map(normalizeSuffix).filter(Boolean),
  };
}

/** The delegated TLDs, for the renderer's live validation of an edited value (same list, same verdicts). */
export function routingTlds(): string[] {
  return [...load().set];
}
