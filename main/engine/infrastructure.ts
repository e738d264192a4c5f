import { firstText, has, textValues, type DirectoryObject } from '../../shared/directory-object.ts';
import type { ObjectKind } from '../../shared/findings.ts';
import { isRoutableDomain, splitAddress, type RoutingContext } from '../../shared/rules/address.ts';
import { integerValue, isDisabled } from '../../shared/rules/scope.ts';
import { parentDn } from '../../shared/dn.ts';
import { detach } from '../../shared/detach.ts';
import { liveDirectoryChecks, type DirectoryCheck } from './directory-checks.ts';
import type { DirectoryEvidence } from '../directory/ldap/discover.ts';
import { schemaKnown } from '../directory/export-evidence.ts';
import { countText } from '../../shared/count-text.ts';
import { compareCodeUnits } from '../../shared/compare.ts';

/**
 * Directory-level checks (domain.md §5) that the objects themselves can answer: sizing, UPN
 * suffixes, source anchor, large groups, privileged and stale accounts. Checks that need RootDSE,
 * configuration or schema (functional levels, Recycle Bin, writable DCs…) are listed as not assessed
 * until a live connection supplies that evidence.
 */
export type { DirectoryCheck };

const MAX_EXAMPLES = 10;
const STALE_DAYS = 90;
const FILETIME_EPOCH_OFFSET_MS = 11_644_473_600_000n;

/** A count with the first few examples, in source order. */
interface Examples {
  count: number;
  examples: string[];
}

const examples = (): Examples => ({ count: 0, examples: [] });

function addExample(e: Examples, dn: string): void {
  e.count++;
  if (e.examples.length < MAX_EXAMPLES) e.examples.push(detach(dn));
}

function mergeExamples(into: Examples, from: Examples): void {
  into.count += from.count;
  for (const dn of from.examples) if (into.examples.length < MAX_EXAMPLES) into.examples.push(dn);
}

function domainOf(dn: string): string {
  const dcs = [...dn.matchAll(/(?:^|,)\s*DC=([^,]+)/gi)].map((m) => m[1]!.toLowerCase());
  return dcs.join('.') || '(no domain component)';
}


/** What one object tells the directory checks; computed wherever the object is read. */
export interface InfraFacts {
  exchange: boolean;
  anchor: boolean;
  members: number;
  /** The member list is unfinished in the export: `members` is a lower bound. */
  membersPartial: boolean;
  suffix: string | null;
  admin: boolean;
  disabled: boolean;
  stale: boolean;
}

/** A moment as AD's FILETIME: 100 ns intervals since 1601. */
export function filetimeOf(moment: Date): bigint {
  return (BigInt(moment.getTime()) + FILETIME_EPOCH_OFFSET_MS) * 10_000n;
}

/** FILETIME of `days` before `asOf`: a lastLogonTimestamp older than this is stale. */
export function staleCutoff(asOf: Date, days = STALE_DAYS): bigint {
  return filetimeOf(new Date(asOf.getTime() - days * 86_400_000));
}

export function infraFacts(obj: DirectoryObject, kind: ObjectKind, staleBefore: bigint): InfraFacts {
  const upn = kind === 'user' ? firstText(obj, 'userprincipalname')?.trim() : undefined;
  const parts = upn ? splitAddress(upn) : undefined;
  const lastLogon = kind === 'user' ? integerValue(obj, 'lastlogontimestamp') : undefined;
  return {
    exchange: has(obj, 'mailnickname') || has(obj, 'targetaddress') || has(obj, 'msexchrecipienttypedetails'),
    anchor: has(obj, 'ms-ds-consistencyguid'),
    members: kind === 'group' ? textValues(obj, 'member').length : 0,
    membersPartial: kind === 'group' && obj.partial?.includes('member') === true,
    suffix: parts ? parts.domain.toLowerCase() : null,
    admin: kind === 'user' && firstText(obj, 'admincount')?.trim() === '1',
    disabled: kind === 'user' && isDisabled(obj),
    stale: lastLogon !== undefined && lastLogon > 0n && lastLogon < staleBefore,
  };
}

/**
 * What the directory checks count, as plain data: a block of objects is tallied where it is read
 * (possibly in a worker) and tallies are merged in source order, so examples are the first ones.
 */
export interface InfraTally {
  inScope: number;
  exchange: boolean;
  perDomain: Map<string, number>;
  suffixes: Map<string, number>;
  admins: Examples;
  anchors: Examples;
  disabled: Examples;
  stale: Examples;
  bigGroups: { dn: string; members: number; partial: boolean }[];
  largestGroup: number;
  /** Groups whose member list the export left unfinished, and a few of them. */
  partialGroups: Examples;
}

export function newTally(): InfraTally {
  return { inScope: 0, exchange: false, perDomain: new Map(), suffixes: new Map(), admins: examples(), anchors: examples(), disabled: examples(), stale: examples(), bigGroups: [], largestGroup: 0, partialGroups: examples() };
}

function bump(map: Map<string, number>, key: string, by = 1): void {
  const count = map.get(key);
  map.set(count === undefined ? detach(key) : key, (count ?? 0) + by);
}

/** Domain of an object, cached per container (thousands of objects share one OU). */
export class DomainOf {
  private readonly cache = new Map<string, string>();
  /** `container` is the object's parent DN, which the caller has already worked out. */
  get(dn: string, container = parentDn(dn)): string {
    let domain = this.cache.get(container);
    if (domain === undefined) {
      domain = detach(domainOf(dn));
      if (this.cache.size < 100_000) this.cache.set(detach(container), domain);
    }
    return domain;
  }
}

export function tally(t: InfraTally, domain: string, dn: string, inScope: boolean, f: InfraFacts): void {
  if (f.exchange) t.exchange = true;
  if (!inScope) return;
  t.inScope++;
  bump(t.perDomain, domain);
  if (f.anchor) addExample(t.anchors, dn);
  if (f.members > 0) {
    t.largestGroup = Math.max(t.largestGroup, f.members);
    if (f.members > 50_000) t.bigGroups.push({ dn: detach(dn), members: f.members, partial: f.membersPartial });
  }
  if (f.membersPartial) addExample(t.partialGroups, dn);
  if (f.suffix !== null) bump(t.suffixes, f.suffix);
  if (f.admin) addExample(t.admins, dn);
  if (f.disabled) addExample(t.disabled, dn);
  if (f.stale) addExample(t.stale, dn);
}

export function mergeTally(into: InfraTally, from: InfraTally): void {
  into.inScope += from.inScope;
  into.exchange ||= from.exchange;
  for (const [k, v] of from.perDomain) bump(into.perDomain, k, v);
  for (const [k, v] of from.suffixes) bump(into.suffixes, k, v);
  mergeExamples(into.admins, from.admins);
  mergeExamples(into.anchors, from.anchors);
  mergeExamples(into.disabled, from.disabled);
  mergeExamples(into.stale, from.stale);
  into.bigGroups.push(...from.bigGroups);
  mergeExamples(into.partialGroups, from.partialGroups);
  into.largestGroup = Math.max(into.largestGroup, from.largestGroup);
}

/** Turns the merged tally of a run into the directory checks. */
export class InfrastructureCollector {
  readonly total = newTally();
  private readonly ctx: RoutingContext;

  constructor(ctx: RoutingContext) {
    this.ctx = ctx;
  }

  merge(t: InfraTally): void {
    mergeTally(this.total, t);
  }

  /** `asOf` is the moment the data describes (SourceDescriptor.asOf), which stale logons count back from. */
  checks(evidence: DirectoryEvidence | undefined, asOf: string): DirectoryCheck[] {
    const t = this.total;
    const n = t.inScope;
    // Every suffix the forest offers is listed, used or not; the data adds suffixes used but not declared.
    const declared = evidence ? [...evidence.upnSuffixes, ...evidence.domains.map((d) => d.dnsName)].map((x) => x.toLowerCase()) : [];
    const usage = new Map<string, number>([...declared.map((d): [string, number] => [d, 0]), ...t.suffixes]);
    const suffixRows = [...usage.entries()]
      .sort((a, b) => b[1] - a[1] || compareCodeUnits(a[0], b[0]))
      .map(([suffix, users]) => ({ suffix, users, routable: isRoutableDomain(suffix, this.ctx) }));
    const nonRoutableUsers = suffixRows.filter((r) => !r.routable).reduce((s, r) => s + r.users, 0);
    const usersWithUpn = suffixRows.reduce((s, r) => s + r.users, 0);
    const largestDomain = Math.max(0, ...t.perDomain.values());
    const checks: DirectoryCheck[] = [
      {
        id: 'sizing.tenant-quota',
        title: 'In-scope objects fit the tenant object quota',
        status: n <= 50_000 ? 'pass' : n <= 300_000 ? 'warn' : 'fail',
        weight: 1,
        count: n,
        detail: `${countText(n)} in-scope objects; the quota is 50,000 by default and 300,000 once a domain is verified (more needs a support request).`,
      },
      {
        id: 'sizing.connect-localdb',
        title: "Entra Connect's SQL Express LocalDB is large enough",
        status: n <= 100_000 ? 'pass' : 'warn',
        weight: 1,
        count: n,
        detail: `${countText(n)} objects; LocalDB (10 GB) holds about 100,000 objects, beyond that install Entra Connect with a full SQL Server.`,
      },
      {
        id: 'sizing.cloud-sync',
        title: 'Cloud Sync object limit per domain',
        status: largestDomain <= 150_000 ? 'pass' : 'warn',
        weight: 0.5,
        count: largestDomain,
        detail: `Largest domain: ${countText(largestDomain)} in-scope objects; Cloud Sync supports 150,000 per domain.`,
        table: [...t.perDomain.entries()].map(([domain, objects]) => ({ domain, objects })),
      },
      {
        id: 'groups.large',
        title: 'Group sizes fit the sync engines',
        status: t.bigGroups.some((g) => g.members > 250_000) ? 'fail' : t.bigGroups.length > 0 ? 'warn' : 'pass',
        weight: 0.5,
        count: t.bigGroups.length,
        examples: [
          ...t.bigGroups.slice(0, MAX_EXAMPLES).map((g) => `${g.dn} (${g.partial ? 'at least ' : ''}${countText(g.members)} members)`),
          ...t.partialGroups.examples.filter((dn) => !t.bigGroups.some((g) => g.dn === dn)).map((dn) => `${dn} (member list unfinished in the export)`),
        ].slice(0, MAX_EXAMPLES),
        detail:
          `Largest group: ${countText(t.largestGroup)} members; Cloud Sync handles up to 50,000 members, Entra Connect 250,000.` +
          (t.partialGroups.count > 0
            ? ` ${countText(t.partialGroups.count)} groups' member lists are unfinished in the export (a member;range=… value without its last range): their sizes are at least what was read; export with ldifde, which follows the ranges, or read the directory live.`
            : ''),
      },
      {
        id: 'upn-suffixes.routable',
        title: 'UPN suffixes in use are routable',
        status: nonRoutableUsers === 0 ? 'pass' : nonRoutableUsers * 2 > usersWithUpn ? 'fail' : 'warn',
        weight: 2,
        count: nonRoutableUsers,
        detail: `${countText(nonRoutableUsers)} of ${countText(usersWithUpn)} users with a UPN are on a non-routable suffix.`,
        table: suffixRows,
      },
      {
        id: 'source-anchor.consistency-guid',
        title: 'ms-DS-ConsistencyGuid is not yet populated',
        status: t.anchors.count === 0 ? 'pass' : 'warn',
        weight: 1,
        count: t.anchors.count,
        examples: t.anchors.examples,
        detail: `${countText(t.anchors.count)} in-scope objects already carry ms-DS-ConsistencyGuid: the Entra Connect wizard then refuses it as the source anchor unless told to reuse it.`,
      },
      {
        id: 'privileged.admin-count',
        title: 'No privileged accounts in sync scope',
        status: t.admins.count === 0 ? 'pass' : 'warn',
        weight: 0.5,
        count: t.admins.count,
        examples: t.admins.examples,
        detail: `${countText(t.admins.count)} in-scope users have adminCount=1; cloud administrators should be cloud-only accounts.`,
      },
      {
        id: 'schema.exchange-attributes',
        title: 'Exchange attributes exist in the directory',
        status: t.exchange ? 'pass' : 'warn',
        weight: 1,
        detail: t.exchange
          ? 'Objects carry mailNickname, targetAddress or msExch* attributes, so the Exchange schema extension is present (inferred from the data).'
          : 'No object carries mailNickname, targetAddress or msExch* attributes: the Exchange schema may be missing; confirm with a live connection before populating mail attributes.',
      },
      {
        id: 'accounts.disabled',
        title: 'Disabled user accounts in scope',
        status: 'info',
        weight: 0,
        count: t.disabled.count,
        examples: t.disabled.examples,
        detail: `${countText(t.disabled.count)} disabled users are in scope: candidates for exclusion from sync.`,
      },
      {
        id: 'accounts.stale',
        title: `Users not seen for more than ${STALE_DAYS} days`,
        status: 'info',
        weight: 0,
        count: t.stale.count,
        examples: t.stale.examples,
        detail: `${countText(t.stale.count)} in-scope users have a lastLogonTimestamp more than ${STALE_DAYS} days before ${asOf.slice(0, 10)}, the date of the data: scoping candidates.`,
      },
    ];
    // Where the schema was read (live, or exported), it says itself whether Exchange extended it.
    const inferred = evidence && schemaKnown(evidence) ? checks.filter((c) => c.id !== 'schema.exchange-attributes') : checks;
    return [...inferred, ...liveDirectoryChecks(evidence)];
  }
}
