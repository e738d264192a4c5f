import type { CheckStatus } from '../../shared/scoring.ts';
import { schemaKnown } from '../directory/export-evidence.ts';
import type { DirectoryEvidence } from '../directory/ldap/discover.ts';

/** One directory-level check (domain.md §5), with its evidence. */
export interface DirectoryCheck {
  id: string;
  title: string;
  status: CheckStatus;
  weight: number;
  detail: string;
  count?: number;
  examples?: string[];
  table?: Record<string, string | number | boolean>[];
}

/**
 * The directory-level checks that need RootDSE, configuration and schema (domain.md §5), from a
 * live connection or from an export that holds the configuration partition (export-evidence.ts).
 * Without either they are listed as not assessed, and the Exchange schema is inferred from the
 * data instead (infrastructure.ts).
 */
const LEVELS: Record<number, string> = { 0: '2000', 1: '2003 interim', 2: '2003', 3: '2008', 4: '2008 R2', 5: '2012', 6: '2012 R2', 7: '2016 or later', 10: '2025' };
const SCHEMAS: Record<number, string> = { 30: '2003', 31: '2003 R2', 44: '2008', 47: '2008 R2', 56: '2012', 69: '2012 R2', 87: '2016', 88: '2019/2022', 91: '2025' };

const levelName = (n: number | null): string => (n === null ? 'unknown' : `${LEVELS[n] ?? `level ${n}`} (${n})`);

const NOT_ASSESSED = "Needs a live LDAP connection, or an export of the configuration partition beside the domain's (the README's export recipe, or the command line's --help, gives the command).";

export function liveDirectoryChecks(e: DirectoryEvidence | undefined): DirectoryCheck[] {
  const unknown = (id: string, title: string): DirectoryCheck => ({ id, title, status: 'not-assessed', weight: 1, detail: NOT_ASSESSED });
  if (!e) {
    return [
      unknown('forest.functional-level', 'Forest functional level is 2003 or later'),
      unknown('domain.functional-level', 'Domain functional level is 2003 or later'),
      unknown('schema.version', 'Schema version'),
      unknown('forest.recycle-bin', 'AD Recycle Bin is enabled'),
      unknown('dc.writable', 'A writable domain controller is reachable'),
      unknown('domain.netbios', 'NetBIOS domain names contain no period'),
    ];
  }
  const writable = e.domainControllers.filter((d) => !d.readOnly);
  const gcGaps: DirectoryCheck[] = e.readFromGlobalCatalog
    ? [
        {
          id: 'source.global-catalog',
          title: 'Every attribute the rules read was available',
          status: e.notInGlobalCatalog.length === 0 ? 'pass' : 'warn',
          weight: 0,
          detail:
            e.notInGlobalCatalog.length === 0
              ? 'Read from a Global Catalog, which carries every attribute the rules need.'
              : `Read from a Global Catalog, which does not carry ${e.notInGlobalCatalog.join(', ')}: rules on those attributes see them as absent. Read each domain from a domain controller for a complete assessment.`,
        },
      ]
    : [];
  const fromExport: DirectoryCheck[] =
    e.origin === 'export'
      ? [
          {
            id: 'source.configuration-export',
            title: 'Directory facts read from the exported configuration partition',
            status: 'info',
            weight: 0,
            detail:
              e.gaps.length === 0
                ? 'The export holds the configuration and schema entries the directory checks read.'
                : `The export holds part of the configuration partition; missing: ${e.gaps.join('; ')}. The checks that need them are not assessed.`,
          },
        ]
      : [];
  const exchangeSchema: DirectoryCheck[] = schemaKnown(e)
    ? [
        {
          id: 'schema.exchange',
          title: 'Exchange schema extension is present',
          status: e.exchangeSchemaVersion !== null || e.exchangeAttributesInSchema ? 'pass' : 'fail',
          weight: 1,
          detail:
            e.exchangeSchemaVersion !== null
              ? `Exchange schema version ${e.exchangeSchemaVersion} (rangeUpper of ms-Exch-Schema-Version-Pt).`
              : e.exchangeAttributesInSchema
                ? 'mailNickname and targetAddress are defined, but ms-Exch-Schema-Version-Pt is missing: the schema was extended partially or by hand.'
                : 'The Exchange schema extension is missing: mailNickname, targetAddress and msExch* do not exist, so mail attributes cannot be populated until the schema is extended.',
        },
      ]
    : [];
  const dottedNetbios = e.domains.filter((d) => d.netbiosName.includes('.'));
  return [
    ...gcGaps,
    ...fromExport,
    {
      id: 'forest.functional-level',
      title: 'Forest functional level is 2003 or later',
      status: e.forestLevel === null ? 'not-assessed' : e.forestLevel >= 2 ? 'pass' : 'fail',
      weight: 3,
      detail: `Forest functional level ${levelName(e.forestLevel)}; Entra Connect needs 2003 or later.`,
    },
    {
      id: 'domain.functional-level',
      title: 'Domain functional level is 2003 or later',
      status: e.domainLevel === null ? 'not-assessed' : e.domainLevel >= 2 ? 'pass' : 'fail',
      weight: 3,
      detail: `Domain functional level of ${e.defaultNamingContext ?? 'the domain'}: ${levelName(e.domainLevel)}.`,
    },
    {
      id: 'schema.version',
      title: 'Schema version',
      status: e.schemaVersion === null ? 'not-assessed' : 'info',
      weight: 0,
      detail: `Schema objectVersion ${e.schemaVersion ?? 'unknown'}${e.schemaVersion !== null && SCHEMAS[e.schemaVersion] ? ` (Windows Server ${SCHEMAS[e.schemaVersion]})` : ''}.`,
    },
    ...exchangeSchema,
    {
      id: 'forest.recycle-bin',
      title: 'AD Recycle Bin is enabled',
      status: e.recycleBinEnabled === null ? 'not-assessed' : e.recycleBinEnabled ? 'pass' : 'warn',
      weight: 1,
      detail: e.recycleBinEnabled
        ? 'The Recycle Bin optional feature is enabled.'
        : `Recommended before synchronizing (a deleted object can be restored with its anchor); it needs forest level 2008 R2, the forest is at ${levelName(e.forestLevel)}.`,
    },
    {
      id: 'dc.writable',
      title: 'A writable domain controller is reachable',
      status: e.domainControllers.length === 0 ? 'not-assessed' : writable.length > 0 ? 'pass' : 'fail',
      weight: 2,
      detail: `${writable.length} writable and ${e.domainControllers.length - writable.length} read-only domain controllers${e.origin === 'export' ? ' listed in the configuration partition' : ''}; Entra Connect needs a writable one.`,
      table: e.domainControllers.map((d) => ({ name: d.name, readOnly: d.readOnly })),
    },
    {
      id: 'domain.netbios',
      title: 'NetBIOS domain names contain no period',
      status: e.domains.length === 0 ? 'not-assessed' : dottedNetbios.length === 0 ? 'pass' : 'fail',
      weight: 1,
      detail: dottedNetbios.length === 0 ? `Domains: ${e.domains.map((d) => `${d.dnsName} (${d.netbiosName})`).join(', ')}.` : `Unsupported NetBIOS names with a period: ${dottedNetbios.map((d) => d.netbiosName).join(', ')}.`,
      table: e.domains,
    },
  ];
}
