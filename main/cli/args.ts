import { parseArgs } from 'node:util';
import { REPORT_FORMATS, type ReportFormat } from '../reports/export.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const CLOUDS = ['gcc', 'gcc-high', 'dod'] as const;
export type Cloud = (typeof CLOUDS)[number];

export interface LdapCliOptions {
  url: string;
  bind: string;
  passwordStdin: boolean;
  passwordEnv?: string;
  caFiles: string[];
  bases: string[];
  excludes: string[];
  globalCatalog: boolean;
  plain: boolean;
  pageSize: number;
  timeoutSeconds: number;
  connections: number;
}

/** One source of the run, in the order given on the command line. */
export type CliSource = { kind: 'sample' } | { kind: 'file'; path: string } | { kind: 'ldap'; ldap: LdapCliOptions };

export interface CliOptions {
  sources: CliSource[];
  out: string;
  db?: string;
  tenantDomains: string[];
  routableSuffixes: string[];
  cloud: Cloud;
  includeOus: string[];
  excludeOus: string[];
  scopeFilter?: string;
  excludeDisabled: boolean;
  quiet: boolean;
  reports: ReportFormat[];
  customer?: string;
  redact: boolean;
  acceptSuggestions: boolean;
  keepPartial: boolean;
  /** The date the exports describe, when a person states it (ISO 8601). */
  asOf?: string;
}

/** `--compact --db FILE`: give back the space of runs that did not complete, then exit. */
export interface CompactOptions {
  compact: string;
}



export const USAGE = `Usage: npm run assess -- (--sample | --input FILE | --ldap URL ...)... --out DIR [options]
       npm run assess -- --compact --db FILE

Assesses a directory for Microsoft 365 US Government directory synchronization and writes
DIR/findings.json and DIR/findings.csv (IdFix columns first). Nothing is sent anywhere.

Sources (one or more; several forests or domains are assessed as one run, with uniqueness across
all of them, as Entra Connect syncs them into one tenant):
  --sample                  the built-in sample directory (a fictional agency, about 2,000 objects)
  --input FILE              an LDIF (.ldif, .ldf) or CSV (.csv) export of the directory (repeat)
  --ldap ldaps://HOST[:PORT] a domain controller, read live (read only; ldap:// means StartTLS; repeat)

Live directory (with --ldap; with several, each option applies to the --ldap before it):
  --bind USER               user@domain, DOMAIN\\user or a DN
  --password-stdin          read the password from standard input (a terminal prompts and does not
                            echo; a pipe gives one line per --ldap that asks for it)
  --password-env VAR        read the password from an environment variable (never an argument)
  --ca FILE                 also trust this CA certificate (PEM; repeat); the OS store is trusted
  --base DN                 search under this DN (repeat; default: the domain)
  --exclude DN              skip objects under this DN (repeat)
  --gc                      read a Global Catalog (3269, or 3268 for ldap://): the whole forest
  --plain                   with ldap://, no StartTLS: unencrypted, only where nothing else works
  --page-size N             entries per page (default 1000, AD's MaxPageSize)
  --timeout SECONDS         give up on a silent server after this long (default 30)
  --connections N           searches side by side, each on its own connection (default 1;
                            more can help a DC with many cores, not Samba's single process)

Output:
  --out DIR                 folder for findings.json and findings.csv (created if missing)
  --db FILE                 workspace database to record the run in (default: DIR/workspace.sqlite);
                            earlier runs in it are kept, and a failed run never damages them
  --keep-partial            an interrupted run keeps what it read (by default only its record is kept)
  --as-of DATE              the date the exports describe (e.g. 2025-11-19): stale logons count back
                            from it (default: the newest whenChanged in the data, else the file's time)
  --compact                 with --db FILE and no source: remove the rows of failed and interrupted
                            runs and give their space back to the disk, then exit

Tenant and routing:
  --cloud gcc|gcc-high|dod  the Microsoft 365 US Government cloud (default: gcc)
  --tenant-domain NAME      a domain verified in the tenant (repeat); enables the "unverified" rule
  --routable-suffix NAME    a suffix you know is routable although the TLD list disagrees (repeat)

Scope (on top of the default Entra Connect rules):
  --include-ou DN           assess only objects under this OU (repeat)
  --exclude-ou DN           leave objects under this OU out (repeat)
  --scope-filter FILTER     keep only objects matching this LDAP filter, e.g. "(department=*)"
  --exclude-disabled        leave disabled user accounts out

Reports (besides findings.json and findings.csv, always written):
  --report LIST             any of pdf,xlsx,csv,md,json,ldif,ps1 (comma-separated):
                              pdf   findings-report.pdf, the report handed to the customer
                              xlsx  findings.xlsx (a summary sheet and a sheet per rule), checklist.xlsx
                              csv   checklist.csv          md    checklist.md
                              json  checklist.json
                              ldif  remediation.ldif and its exact undo, remediation-undo.ldif
                              ps1   remediation.ps1 (ActiveDirectory module; -WhatIf unless -Apply)
  --customer NAME           the customer named on the report's cover
  --redact                  mask people's names and addresses consistently in pdf, xlsx, csv, md
                            and json reports, so they can be shared (remediation files stay exact)
  --accept-suggestions      put every suggested value of this run in the remediation files
                            (in the app, a person accepts suggestions one by one instead)

  --quiet                   no progress on stderr
  --help                    this text, with the export commands for offline sites
  --version                 the tool version

Exit status: 0 done, 2 bad input, arguments or paths (one line names the file, line or folder and the
problem: unreadable, full disk, read-only), 130 interrupted, 1 other failure.`;

/** `--as-of 2025-11-19` (or a full ISO 8601 time): the date the exports describe. */
function asOfOption(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) throw new UsageError(`--as-of must be a date such as 2025-11-19 (got "${text}")`);
  return date.toISOString();
}

/** The options that belong to one live source. */
const LDAP_OPTIONS = new Set(['bind', 'password-stdin', 'password-env', 'ca', 'base', 'exclude', 'gc', 'plain', 'page-size', 'timeout', 'connections']);

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

/**
 * The sources in the order given. With one --ldap, its options may stand anywhere (the form every
 * earlier version took); with several, each option belongs to the --ldap before it.
 */
function sourcesInOrder(tokens: Token[], ldapCount: number): CliSource[] {
  type Group = { url: string; options: Map<string, (string | boolean)[]> };
  const order: ({ kind: 'sample' } | { kind: 'file'; path: string } | { kind: 'ldap'; group: Group })[] = [];
  const groups: Group[] = [];
  // With a single --ldap, options given before it are its own too.
  const early: Group['options'] = new Map();
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    if (t.name === 'sample') order.push({ kind: 'sample' });
    else if (t.name === 'input') order.push({ kind: 'file', path: t.value! });
    else if (t.name === 'ldap') {
      const group: Group = { url: t.value!, options: ldapCount === 1 ? early : new Map() };
      groups.push(group);
      order.push({ kind: 'ldap', group });
    } else if (LDAP_OPTIONS.has(t.name)) {
      if (ldapCount === 0) throw new UsageError(`--${t.name} is an option of a live source: give --ldap URL`);
      const target = ldapCount === 1 ? early : groups.at(-1)?.options;
      if (!target) throw new UsageError(`--${t.name} comes before any --ldap: with several --ldap sources, put each one's options after it`);
      target.set(t.name, [...(target.get(t.name) ?? []), t.value ?? true]);
    }
  }
  if (order.filter((x) => x.kind === 'sample').length > 1) throw new UsageError('--sample can be given once');
  return order.map((x) => (x.kind === 'ldap' ? { kind: 'ldap', ldap: ldapOptions(x.group.url, x.group.options) } : x));
}

function ldapOptions(url: string, o: Map<string, (string | boolean)[]>): LdapCliOptions {
  const one = (name: string, fallback?: string): string | undefined => {
    const values = o.get(name);
    if (values && values.length > 1) throw new UsageError(`--${name} is given twice for ${url}`);
    return (values?.[0] as string | undefined) ?? fallback;
  };
  const flag = (name: string): boolean => o.has(name);
  const many = (name: string): string[] => (o.get(name) ?? []) as string[];
  const bind = one('bind');
  if (!bind) throw new UsageError(`--ldap ${url} needs --bind USER`);
  const passwordEnv = one('password-env');
  if (flag('password-stdin') === (passwordEnv !== undefined)) throw new UsageError(`--ldap ${url} needs exactly one of --password-stdin or --password-env VAR`);
  const pageSize = Number(one('page-size', '1000'));
  const timeoutSeconds = Number(one('timeout', '30'));
  const connections = Number(one('connections', '1'));
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100_000) throw new UsageError(`--page-size must be a whole number from 1 to 100000 (got "${one('page-size')}")`);
  if (!(timeoutSeconds > 0)) throw new UsageError(`--timeout must be a number of seconds (got "${one('timeout')}")`);
  if (!Number.isInteger(connections) || connections < 1 || connections > 16) throw new UsageError(`--connections must be a whole number from 1 to 16 (got "${one('connections')}")`);
  return {
    url,
    bind,
    passwordStdin: flag('password-stdin'),
    passwordEnv,
    caFiles: many('ca'),
    bases: many('base'),
    excludes: many('exclude'),
    globalCatalog: flag('gc'),
    plain: flag('plain'),
    pageSize,
    timeoutSeconds,
    connections,
  };
}

export function parseCliArgs(argv: string[]): CliOptions | CompactOptions | 'help' | 'version' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      tokens: true,
      options: {
        sample: { type: 'boolean', default: false },
        input: { type: 'string', multiple: true, default: [] },
        ldap: { type: 'string', multiple: true, default: [] },
        bind: { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
        'password-env': { type: 'string' },
        password: { type: 'string' },
        ca: { type: 'string', multiple: true, default: [] },
        base: { type: 'string', multiple: true, default: [] },
        exclude: { type: 'string', multiple: true, default: [] },
        gc: { type: 'boolean', default: false },
        plain: { type: 'boolean', default: false },
        'page-size': { type: 'string', default: '1000' },
        timeout: { type: 'string', default: '30' },
        connections: { type: 'string', default: '1' },
        out: { type: 'string' },
        db: { type: 'string' },
        'tenant-domain': { type: 'string', multiple: true, default: [] },
        'routable-suffix': { type: 'string', multiple: true, default: [] },
        cloud: { type: 'string', default: 'gcc' },
        'include-ou': { type: 'string', multiple: true, default: [] },
        'exclude-ou': { type: 'string', multiple: true, default: [] },
        'scope-filter': { type: 'string' },
        'exclude-disabled': { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        report: { type: 'string', multiple: true, default: [] },
        customer: { type: 'string' },
        redact: { type: 'boolean', default: false },
        'accept-suggestions': { type: 'boolean', default: false },
        'keep-partial': { type: 'boolean', default: false },
        'as-of': { type: 'string' },
        compact: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
        version: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (v.version) return 'version';
  if (v.compact) {
    if (!v.db) throw new UsageError('--compact needs --db FILE, the workspace to compact');
    if (v.sample || v.input.length > 0 || v.ldap.length > 0) throw new UsageError('--compact takes no source: it only compacts the workspace given with --db');
    return { compact: v.db };
  }
  if (!v.sample && v.input.length === 0 && v.ldap.length === 0) throw new UsageError('give a source: --sample, --input FILE or --ldap URL (each may repeat, except --sample)');
  if (v.password !== undefined) throw new UsageError('a password is never given as an argument (it would stay in shell history): use --password-stdin or --password-env VAR');
  const sources = sourcesInOrder(parsed.tokens ?? [], v.ldap.length);
  if (!v.out) throw new UsageError('--out DIR is required');
  if (!CLOUDS.includes(v.cloud as Cloud)) throw new UsageError(`--cloud must be one of ${CLOUDS.join(', ')} (got "${v.cloud}")`);
  const domainLike = /^\*?\.?[A-Za-z0-9.-]+\.?$/;
  for (const d of [...v['tenant-domain'], ...v['routable-suffix']]) {
    if (!domainLike.test(d)) throw new UsageError(`"${d}" is not a domain name`);
  }
  const reports = v.report.flatMap((r) => r.split(',')).map((r) => r.trim().toLowerCase()).filter(Boolean);
  for (const r of reports) {
    if (!REPORT_FORMATS.includes(r as ReportFormat)) throw new UsageError(`--report: unknown format "${r}" (use ${REPORT_FORMATS.join(',')})`);
  }
  return {
    sources,
    out: v.out,
    db: v.db,
    tenantDomains: v['tenant-domain'],
    routableSuffixes: v['routable-suffix'],
    cloud: v.cloud as Cloud,
    includeOus: v['include-ou'],
    excludeOus: v['exclude-ou'],
    scopeFilter: v['scope-filter'],
    excludeDisabled: v['exclude-disabled'],
    quiet: v.quiet,
    reports: [...new Set(reports)] as ReportFormat[],
    customer: v.customer,
    redact: v.redact,
    acceptSuggestions: v['accept-suggestions'],
    keepPartial: v['keep-partial'],
    asOf: asOfOption(v['as-of']),
  };
}
