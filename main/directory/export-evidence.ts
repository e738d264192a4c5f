import { textValues, type DirectoryObject } from '../../shared/directory-object.ts';
import { parentDn, rdnValue } from '../../shared/dn.ts';
import { EXPORT_ATTRIBUTES } from './export-instructions.ts';
import type { DirectoryEvidence } from './ldap/discover.ts';

/**
 * Directory facts an export carries when it includes the configuration partition (domain.md §8):
 * the same evidence discover.ts reads from a live DC, taken from the entries as they stream past.
 * Each entry gives at most one small fact, so facts cross from parallel readers cheaply; the run
 * puts a source's facts together into its DirectoryEvidence.
 */
export type ConfigurationFact =
  | { fact: 'partitions'; forestLevel: number | null; upnSuffixes: string[] }
  | { fact: 'domain'; dnsName: string; netbiosName: string; namingContext: string; level: number | null }
  | { fact: 'domain-head'; namingContext: string; level: number | null }
  | { fact: 'domain-controller'; name: string; readOnly: boolean }
  | { fact: 'recycle-bin'; enabled: boolean }
  | { fact: 'schema'; version: number | null }
  | { fact: 'exchange-schema'; version: number | null }
  | { fact: 'attribute'; name: string; inGlobalCatalog: boolean };

const first = (obj: DirectoryObject, name: string): string | undefined => textValues(obj, name)[0];
const integer = (obj: DirectoryObject, name: string): number | null => {
  const t = first(obj, name)?.trim();
  return t !== undefined && /^-?\d{1,15}$/.test(t) ? Number(t) : null;
};
const hasClass = (obj: DirectoryObject, cls: string): boolean => textValues(obj, 'objectclass').some((c) => c.toLowerCase() === cls);
const firstRdn = (dn: string): string => rdnValue(dn).toLowerCase();

/** The attributes whose schema definitions say whether Exchange extended it and what a Global Catalog carries. */
const RULE_ATTRIBUTES: ReadonlySet<string> = new Set(EXPORT_ATTRIBUTES.filter((a) => !['objectClass', 'objectCategory', 'cn'].includes(a)).map((a) => a.toLowerCase()));

/** The fact an entry of the configuration or schema partition (or a domain's head) gives, if any. */
export function configurationFact(obj: DirectoryObject): ConfigurationFact | undefined {
  if (hasClass(obj, 'crossrefcontainer')) return { fact: 'partitions', forestLevel: integer(obj, 'msds-behavior-version'), upnSuffixes: [...textValues(obj, 'upnsuffixes')] };
  if (hasClass(obj, 'crossref')) {
    const netbiosName = first(obj, 'netbiosname');
    // Only domains have a NetBIOS name; the configuration, schema and DNS application partitions do not.
    if (netbiosName === undefined) return undefined;
    return { fact: 'domain', dnsName: first(obj, 'dnsroot') ?? '', netbiosName, namingContext: first(obj, 'ncname') ?? '', level: integer(obj, 'msds-behavior-version') };
  }
  if (hasClass(obj, 'domaindns')) return { fact: 'domain-head', namingContext: obj.dn, level: integer(obj, 'msds-behavior-version') };
  if (hasClass(obj, 'ntdsdsa')) {
    // CN=NTDS Settings,CN=<server>,CN=Servers,CN=<site>,…: the server's name is the second RDN.
    return { fact: 'domain-controller', name: rdnValue(parentDn(obj.dn)) || obj.dn, readOnly: first(obj, 'msds-isrodc')?.toUpperCase() === 'TRUE' };
  }
  if (hasClass(obj, 'msds-optionalfeature') && firstRdn(obj.dn) === 'recycle bin feature') return { fact: 'recycle-bin', enabled: textValues(obj, 'msds-enabledfeaturebl').length > 0 };
  if (hasClass(obj, 'dmd')) return { fact: 'schema', version: integer(obj, 'objectversion') };
  if (hasClass(obj, 'attributeschema')) {
    if (firstRdn(obj.dn) === 'ms-exch-schema-version-pt') return { fact: 'exchange-schema', version: integer(obj, 'rangeupper') };
    const name = first(obj, 'ldapdisplayname');
    if (name === undefined || !RULE_ATTRIBUTES.has(name.toLowerCase())) return undefined;
    return { fact: 'attribute', name, inGlobalCatalog: first(obj, 'ismemberofpartialattributeset')?.toUpperCase() === 'TRUE' };
  }
  return undefined;
}

/** True when the evidence holds what the schema says (a live read always does; an export only when it carried the schema). */
export function schemaKnown(e: DirectoryEvidence): boolean {
  return e.origin !== 'export' || e.schemaVersion !== null || e.exchangeSchemaVersion !== null || e.exchangeAttributesInSchema;
}

/** A source's facts put together as a live read would report them, with what the export lacked listed in `gaps`. */
export function evidenceFromFacts(facts: readonly ConfigurationFact[]): DirectoryEvidence | undefined {
  if (facts.length === 0) return undefined;
  const of = <K extends ConfigurationFact['fact']>(kind: K) => facts.filter((f): f is Extract<ConfigurationFact, { fact: K }> => f.fact === kind);
  const partitions = of('partitions')[0];
  const domains = of('domain');
  const heads = of('domain-head');
  const schema = of('schema')[0];
  const exchange = of('exchange-schema')[0];
  const attributes = of('attribute');
  const recycle = of('recycle-bin')[0];
  const head = heads[0];
  const domainOfHead = head && domains.find((d) => d.namingContext.toLowerCase() === head.namingContext.toLowerCase());
  // The domain read: the one whose head the export holds; else, of several domains, the lowest level (the strictest check).
  const levels = domains.map((d) => d.level).filter((l): l is number => l !== null);
  const domainLevel = head?.level ?? domainOfHead?.level ?? (levels.length > 0 ? Math.min(...levels) : null);
  const gaps: string[] = [];
  if (!partitions) gaps.push('CN=Partitions (forest functional level, UPN suffixes)');
  if (domains.length === 0) gaps.push('crossRef entries (domains and their NetBIOS names)');
  if (of('domain-controller').length === 0) gaps.push('nTDSDSA entries (domain controllers)');
  if (!recycle) gaps.push('CN=Recycle Bin Feature (the Recycle Bin)');
  if (!schema && !exchange && attributes.length === 0) gaps.push('the schema partition (schema and Exchange versions)');
  return {
    origin: 'export',
    dnsHostName: null,
    defaultNamingContext: head?.namingContext ?? domains[0]?.namingContext ?? null,
    configurationNamingContext: null,
    schemaNamingContext: null,
    supportedControls: [],
    highestCommittedUsn: null,
    forestLevel: partitions?.forestLevel ?? null,
    domainLevel,
    schemaVersion: schema?.version ?? null,
    exchangeSchemaVersion: exchange?.version ?? null,
    recycleBinEnabled: recycle?.enabled ?? null,
    upnSuffixes: partitions?.upnSuffixes ?? [],
    domains: domains.map((d) => ({ dnsName: d.dnsName, netbiosName: d.netbiosName, namingContext: d.namingContext })),
    domainControllers: of('domain-controller').map((d) => ({ name: d.name, readOnly: d.readOnly })),
    exchangeAttributesInSchema: exchange !== undefined || attributes.some((a) => a.name.toLowerCase() === 'mailnickname'),
    notInGlobalCatalog: attributes.filter((a) => !a.inGlobalCatalog).map((a) => a.name).sort(),
    readFromGlobalCatalog: false,
    gaps,
  };
}
