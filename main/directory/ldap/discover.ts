import type { Client, Entry } from 'ldapts';
import { EXPORT_ATTRIBUTES } from '../export-instructions.ts';

/**
 * What RootDSE, the configuration and the schema say about the forest (domain.md §5): the
 * evidence behind the directory-level checks, stored with the assessment. Each question is asked
 * on its own, so one refused read leaves a gap (noted in `gaps`) rather than no evidence at all.
 */
export interface DirectoryEvidence {
  /** Where the facts come from: a live DC (unset, as before), or the configuration partition in an export. */
  origin?: 'export';
  dnsHostName: string | null;
  defaultNamingContext: string | null;
  configurationNamingContext: string | null;
  schemaNamingContext: string | null;
  supportedControls: string[];
  highestCommittedUsn: number | null;
  forestLevel: number | null;
  domainLevel: number | null;
  schemaVersion: number | null;
  exchangeSchemaVersion: number | null;
  recycleBinEnabled: boolean | null;
  upnSuffixes: string[];
  domains: { dnsName: string; netbiosName: string; namingContext: string }[];
  domainControllers: { name: string; readOnly: boolean }[];
  /** mailNickname is defined in the schema: the Exchange attributes exist. */
  exchangeAttributesInSchema: boolean;
  /** Attributes the rules read that a Global Catalog does not carry (isMemberOfPartialAttributeSet FALSE). */
  notInGlobalCatalog: string[];
  /** The objects were read from a Global Catalog (set by the source). */
  readFromGlobalCatalog: boolean;
  gaps: string[];
}

const text = (e: Entry | undefined, name: string): string | null => {
  const v = e?.[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : null;
};
const texts = (e: Entry | undefined, name: string): string[] => {
  const v = e?.[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
};
const int = (e: Entry | undefined, name: string): number | null => {
  const t = text(e, name);
  return t !== null && /^-?\d+$/.test(t) ? Number(t) : null;
};

export async function discover(client: Client): Promise<DirectoryEvidence> {
  const gaps: string[] = [];
  async function read(what: string, base: string, scope: 'base' | 'sub', filter: string, attributes: string[]): Promise<Entry[]> {
    try {
      return (await client.search(base, { scope, filter, attributes, paged: scope === 'sub' ? { pageSize: 500 } : false })).searchEntries;
    } catch (err) {
      gaps.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
      return [];
    }
  }
  const [root] = await read('RootDSE', '', 'base', '(objectClass=*)', ['dnsHostName', 'defaultNamingContext', 'configurationNamingContext', 'schemaNamingContext', 'supportedControl', 'forestFunctionality', 'domainFunctionality', 'highestCommittedUSN']);
  const config = text(root, 'configurationNamingContext');
  const schema = text(root, 'schemaNamingContext');
  const domain = text(root, 'defaultNamingContext');
  const evidence: DirectoryEvidence = {
    dnsHostName: text(root, 'dnsHostName'),
    defaultNamingContext: domain,
    configurationNamingContext: config,
    schemaNamingContext: schema,
    supportedControls: texts(root, 'supportedControl'),
    highestCommittedUsn: int(root, 'highestCommittedUSN'),
    forestLevel: int(root, 'forestFunctionality'),
    domainLevel: int(root, 'domainFunctionality'),
    schemaVersion: null,
    exchangeSchemaVersion: null,
    recycleBinEnabled: null,
    upnSuffixes: [],
    domains: [],
    domainControllers: [],
    exchangeAttributesInSchema: false,
    notInGlobalCatalog: [],
    readFromGlobalCatalog: false,
    gaps,
  };
  if (config) {
    const [partitions] = await read('CN=Partitions', `CN=Partitions,${config}`, 'base', '(objectClass=*)', ['msDS-Behavior-Version', 'uPNSuffixes']);
    evidence.forestLevel = int(partitions, 'msDS-Behavior-Version') ?? evidence.forestLevel;
    evidence.upnSuffixes = texts(partitions, 'uPNSuffixes');
    const crossRefs = await read('domains (crossRef)', `CN=Partitions,${config}`, 'sub', '(&(objectClass=crossRef)(nETBIOSName=*))', ['dnsRoot', 'nETBIOSName', 'nCName']);
    evidence.domains = crossRefs.map((c) => ({ dnsName: text(c, 'dnsRoot') ?? '', netbiosName: text(c, 'nETBIOSName') ?? '', namingContext: text(c, 'nCName') ?? '' }));
    const recycle = await read('Recycle Bin feature', `CN=Recycle Bin Feature,CN=Optional Features,CN=Directory Service,CN=Windows NT,CN=Services,${config}`, 'base', '(objectClass=*)', ['msDS-EnabledFeatureBL']);
    evidence.recycleBinEnabled = recycle.length === 0 ? null : texts(recycle[0], 'msDS-EnabledFeatureBL').length > 0;
  }
  if (domain) {
    const [head] = await read('domain head', domain, 'base', '(objectClass=*)', ['msDS-Behavior-Version']);
    evidence.domainLevel = int(head, 'msDS-Behavior-Version') ?? evidence.domainLevel;
    // Domain controllers are computers whose primary group is Domain Controllers (516) or Read-only DCs (521).
    const dcs = await read('domain controllers', domain, 'sub', '(&(objectCategory=computer)(|(primaryGroupID=516)(primaryGroupID=521)))', ['dNSHostName', 'cn', 'primaryGroupID', 'msDS-isRODC']);
    evidence.domainControllers = dcs.map((d) => ({ name: text(d, 'dNSHostName') ?? text(d, 'cn') ?? d.dn, readOnly: int(d, 'primaryGroupID') === 521 || text(d, 'msDS-isRODC') === 'TRUE' }));
  }
  if (schema) {
    const [head] = await read('schema version', schema, 'base', '(objectClass=*)', ['objectVersion']);
    evidence.schemaVersion = int(head, 'objectVersion');
    const exchange = await read('Exchange schema version', schema, 'sub', '(cn=ms-Exch-Schema-Version-Pt)', ['rangeUpper']);
    evidence.exchangeSchemaVersion = exchange.length > 0 ? int(exchange[0], 'rangeUpper') : null;
    const ruleAttributes = EXPORT_ATTRIBUTES.filter((a) => !['objectClass', 'objectCategory', 'cn'].includes(a));
    const filter = `(&(objectClass=attributeSchema)(|${ruleAttributes.map((a) => `(lDAPDisplayName=${a})`).join('')}))`;
    const defs = await read('partial attribute set', schema, 'sub', filter, ['lDAPDisplayName', 'isMemberOfPartialAttributeSet']);
    evidence.exchangeAttributesInSchema = defs.some((d) => text(d, 'lDAPDisplayName') === 'mailNickname');
    evidence.notInGlobalCatalog = defs.filter((d) => text(d, 'isMemberOfPartialAttributeSet') !== 'TRUE').map((d) => text(d, 'lDAPDisplayName') ?? '').sort();
  }
  return evidence;
}
