import { firstText, has, textValues, type DirectoryObject } from '../../shared/directory-object.ts';
import type { ObjectKind } from '../../shared/findings.ts';
import { isRoutableDomain, splitAddress, type RoutingContext } from '../../shared/rules/address.ts';
import { integerValue, isDisabled } from '../../shared/rules/scope.ts';
import { parentDn } from '../../shared/dn.ts';
import { detach } from './detach.ts';
import type { CheckStatus } from '../../shared/scoring.ts';

/**
 * Directory-level checks (domain.md §5) that the objects themselves can answer: sizing, UPN
 * suffixes, source anchor, large groups, privileged and stale accounts. Checks that need RootDSE,
 * configuration or schema (functional levels, Recycle Bin, writable DCs…) are listed as not assessed
 * until a live connection supplies that evidence.
 */
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

const MAX_EXAMPLES = 10;
const STALE_DAYS = 90;
const FILETIME_EPOCH_OFFSET_MS = 11_644_473_600_000n;

class Examples {
  count = 0;
  readonly examples: string[] = [];
  add(dn: string): void {
    this.count++;
    if (this.examples.length < MAX_EXAMPLES) this.examples.push(detach(dn));
  }
}

function domainOf(dn: string): string {
  const dcs = [...dn.matchAll(/(?:^|,)\s*DC=([^,]+)/gi)].map((m) => m[1]!.toLowerCase());
  return dcs.join('.') || '(no domain component)';
}

const LIVE_ONLY: [string, string][] = [
  ['forest.functional-level', 'Forest functional level is 2003 or later'],
  ['domain.functional-level', 'Domain functional levels are 2003 or later'],
  ['schema.version', 'Schema version'],
  ['forest.recycle-bin', 'AD Recycle Bin is enabled'],
  ['dc.writable', 'A writable domain controller is reachable'],
  ['domain.netbios', 'NetBIOS domain names contain no period'],
];

export class InfrastructureCollector {
  private inScope = 0;
  private readonly perDomain = new Map<string, number>();
  private readonly suffixes = new Map<string, number>();
  private readonly admins = new Examples();
  private readonly anchors = new Examples();
  private readonly disabled = new Examples();
  private readonly stale = new Examples();
  private readonly bigGroups: { dn: string; members: number }[] = [];
  private largestGroup = 0;
  private exchangeAttributes = false;
  private readonly staleBefore: bigint;
  private readonly ctx: RoutingContext;

  constructor(ctx: RoutingContext, now: Date) {
    this.ctx = ctx;
    const cutoffMs = BigInt(now.getTime() - STALE_DAYS * 86_400_000);
    this.staleBefore = (cutoffMs + FILETIME_EPOCH_OFFSET_MS) * 10_000n;
  }

  see(obj: DirectoryObject, kind: ObjectKind, inScope: boolean): void {
    if (!this.exchangeAttributes && (has(obj, 'mailnickname') || has(obj, 'targetaddress') || has(obj, 'msexchrecipienttypedetails'))) {
      this.exchangeAttributes = true;
    }
    if (!inScope) return;
    this.inScope++;
    const domain = this.domainOf(obj.dn);
    this.perDomain.set(domain, (this.perDomain.get(domain) ?? 0) + 1); // domain is already detached
    if (has(obj, 'ms-ds-consistencyguid')) this.anchors.add(obj.dn);
    if (kind === 'group') {
      const members = textValues(obj, 'member').length;
      this.largestGroup = Math.max(this.largestGroup, members);
      if (members > 50_000) this.bigGroups.push({ dn: detach(obj.dn), members });
      return;
    }
    if (kind !== 'user') return;
    const upn = firstText(obj, 'userprincipalname')?.trim();
    const parts = upn ? splitAddress(upn) : undefined;
    if (parts) {
      const suffix = parts.domain.toLowerCase();
      const count = this.suffixes.get(suffix);
      this.suffixes.set(count === undefined ? detach(suffix) : suffix, (count ?? 0) + 1);
    }
    if (firstText(obj, 'admincount')?.trim() === '1') this.admins.add(obj.dn);
    if (isDisabled(obj)) this.disabled.add(obj.dn);
    const lastLogon = integerValue(obj, 'lastlogontimestamp');
    if (lastLogon !== undefined && lastLogon > 0n && lastLogon < this.staleBefore) this.stale.add(obj.dn);
  }

  private readonly domains = new Map<string, string>();

  /** Domain of an object, cached per container (thousands of objects share one OU). */
  private domainOf(dn: string): string {
    const container = parentDn(dn);
    let domain = this.domains.get(container);
    if (domain === undefined) {
      domain = detach(domainOf(dn));
      if (this.domains.size < 100_000) this.domains.set(detach(container), domain);
    }
    return domain;
  }

  checks(): DirectoryCheck[] {
    const n = this.inScope;
    const suffixRows = [...this.suffixes.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([suffix, users]) => ({ suffix, users, routable: isRoutableDomain(suffix, this.ctx) }));
    const nonRoutableUsers = suffixRows.filter((r) => !r.routable).reduce((s, r) => s + r.users, 0);
    const usersWithUpn = suffixRows.reduce((s, r) => s + r.users, 0);
    const largestDomain = Math.max(0, ...this.perDomain.values());
    const fmt = (x: number): string => x.toLocaleString('en-US');
    const checks: DirectoryCheck[] = [
      {
        id: 'sizing.tenant-quota',
        title: 'In-scope objects fit the tenant object quota',
        status: n <= 50_000 ? 'pass' : n <= 300_000 ? 'warn' : 'fail',
        weight: 1,
        count: n,
        detail: `${fmt(n)} in-scope objects; the quota is 50,000 by default and 300,000 once a domain is verified (more needs a support request).`,
      },
      {
        id: 'sizing.connect-localdb',
        title: "Entra Connect's SQL Express LocalDB is large enough",
        status: n <= 100_000 ? 'pass' : 'warn',
        weight: 1,
        count: n,
        detail: `${fmt(n)} objects; LocalDB (10 GB) holds about 100,000 objects, beyond that install Entra Connect with a full SQL Server.`,
      },
      {
        id: 'sizing.cloud-sync',
        title: 'Cloud Sync object limit per domain',
        status: largestDomain <= 150_000 ? 'pass' : 'warn',
        weight: 0.5,
        count: largestDomain,
        detail: `Largest domain: ${fmt(largestDomain)} in-scope objects; Cloud Sync supports 150,000 per domain.`,
        table: [...this.perDomain.entries()].map(([domain, objects]) => ({ domain, objects })),
      },
      {
        id: 'groups.large',
        title: 'Group sizes fit the sync engines',
        status: this.bigGroups.some((g) => g.members > 250_000) ? 'fail' : this.bigGroups.length > 0 ? 'warn' : 'pass',
        weight: 0.5,
        count: this.bigGroups.length,
        examples: this.bigGroups.slice(0, MAX_EXAMPLES).map((g) => `${g.dn} (${fmt(g.members)} members)`),
        detail: `Largest group: ${fmt(this.largestGroup)} members; Cloud Sync handles up to 50,000 members, Entra Connect 250,000.`,
      },
      {
        id: 'upn-suffixes.routable',
        title: 'UPN suffixes in use are routable',
        status: nonRoutableUsers === 0 ? 'pass' : nonRoutableUsers * 2 > usersWithUpn ? 'fail' : 'warn',
        weight: 2,
        count: nonRoutableUsers,
        detail: `${fmt(nonRoutableUsers)} of ${fmt(usersWithUpn)} users with a UPN are on a non-routable suffix.`,
        table: suffixRows,
      },
      {
        id: 'source-anchor.consistency-guid',
        title: 'ms-DS-ConsistencyGuid is not yet populated',
        status: this.anchors.count === 0 ? 'pass' : 'warn',
        weight: 1,
        count: this.anchors.count,
        examples: this.anchors.examples,
        detail: `${fmt(this.anchors.count)} in-scope objects already carry ms-DS-ConsistencyGuid: the Entra Connect wizard then refuses it as the source anchor unless told to reuse it.`,
      },
      {
        id: 'privileged.admin-count',
        title: 'No privileged accounts in sync scope',
        status: this.admins.count === 0 ? 'pass' : 'warn',
        weight: 0.5,
        count: this.admins.count,
        examples: this.admins.examples,
        detail: `${fmt(this.admins.count)} in-scope users have adminCount=1; cloud administrators should be cloud-only accounts.`,
      },
      {
        id: 'schema.exchange-attributes',
        title: 'Exchange attributes exist in the directory',
        status: this.exchangeAttributes ? 'pass' : 'warn',
        weight: 1,
        detail: this.exchangeAttributes
          ? 'Objects carry mailNickname, targetAddress or msExch* attributes, so the Exchange schema extension is present (inferred from the data).'
          : 'No object carries mailNickname, targetAddress or msExch* attributes: the Exchange schema may be missing; confirm with a live connection before populating mail attributes.',
      },
      {
        id: 'accounts.disabled',
        title: 'Disabled user accounts in scope',
        status: 'info',
        weight: 0,
        count: this.disabled.count,
        examples: this.disabled.examples,
        detail: `${fmt(this.disabled.count)} disabled users are in scope: candidates for exclusion from sync.`,
      },
      {
        id: 'accounts.stale',
        title: `Users not seen for more than ${STALE_DAYS} days`,
        status: 'info',
        weight: 0,
        count: this.stale.count,
        examples: this.stale.examples,
        detail: `${fmt(this.stale.count)} in-scope users have a lastLogonTimestamp older than ${STALE_DAYS} days: scoping candidates.`,
      },
    ];
    for (const [id, title] of LIVE_ONLY) {
      checks.push({ id, title, status: 'not-assessed', weight: 1, detail: 'Needs the RootDSE, configuration and schema of a live LDAP connection; an export does not carry them.' });
    }
    return checks;
  }
}
