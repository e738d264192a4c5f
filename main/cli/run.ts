import { settingsInWords } from '../../shared/run-settings.ts';
import { join, resolve } from 'node:path';
import { countText } from '../../shared/count-text.ts';
import { FilterSyntaxError, parseFilter } from '../../shared/ldap-filter.ts';
import { parseCliArgs, UsageError, USAGE, type CliOptions, type CliSource, type CompactOptions, type LdapCliOptions } from './args.ts';
import { StdinPasswords } from './password.ts';
import { LdapConnectionError } from '../directory/ldap/errors.ts';
import { parseLdapUrl, ProfileError, type ConnectionProfile } from '../directory/ldap/profile.ts';
import { formatSummary } from './print-summary.ts';
import { EXPORT_HELP } from '../directory/export-instructions.ts';
import { SourceError } from '../directory/source-error.ts';
import type { Progress } from '../engine/assess.ts';
import { routingContext } from '../engine/routing.ts';
import { FileError, isDiskFull } from '../files/fs-errors.ts';
import { ensureFolder } from '../files/staged-files.ts';
import { terminalSafe } from '../reports/inert-text.ts';
import { Redactor } from '../reports/redact.ts';
import { exportRun } from '../runs/export-run.ts';
import { openSource, UnknownSource, type SourceSpec } from '../runs/registry.ts';
import { AssessmentCancelled, runAssessment } from '../runs/run-assessment.ts';
import { Workspace } from '../store/workspace.ts';
import { TOOL } from '../version.ts';

/** The headless command line (started by main/cli.ts): the same engine as the app, from a terminal. */

function progressPrinter(quiet: boolean): (p: Progress) => void {
  const tty = process.stderr.isTTY === true;
  let lastLine = 0;
  return (p) => {
    if (quiet) return;
    // Non-interactive logs get a line every 5 s; a terminal gets a live line every second.
    if (!tty && p.elapsedMs - lastLine < 5000) return;
    lastLine = p.elapsedMs;
    const pct = p.fraction === undefined ? '' : ` ${(p.fraction * 100).toFixed(0)}%`;
    const eta = p.fraction && p.fraction > 0 ? `, about ${Math.ceil(((1 - p.fraction) * p.elapsedMs) / p.fraction / 1000)} s left` : '';
    const line = `assessing:${pct} ${countText(p.objects)} entries, ${countText(Math.round(p.objectsPerSecond))}/s${eta}`;
    process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  };
}

/** The password comes from standard input or the environment, never from the command line. */
async function readPassword(o: LdapCliOptions, stdin: StdinPasswords): Promise<string> {
  if (o.passwordEnv !== undefined) {
    const value = process.env[o.passwordEnv];
    if (value === undefined) throw new UsageError(`the environment variable ${o.passwordEnv} is not set`);
    return value;
  }
  return stdin.next(o.bind);
}

/** The run's sources as the registry opens them, passwords read in the order the sources were given. */
async function sourceSpecs(sources: CliSource[]): Promise<SourceSpec[]> {
  const stdin = new StdinPasswords();
  try {
    const specs: SourceSpec[] = [];
    for (const s of sources) {
      if (s.kind === 'sample') specs.push({ kind: 'sample' });
      else if (s.kind === 'file') specs.push({ kind: 'file', path: resolve(s.path) });
      else specs.push({ kind: 'ldap', profile: ldapProfile(s.ldap), credentials: { method: 'password', password: await readPassword(s.ldap, stdin) } });
    }
    return specs;
  } finally {
    await stdin.close();
  }
}

function ldapProfile(o: LdapCliOptions): ConnectionProfile {
  return {
    ...parseLdapUrl(o.url, { plain: o.plain, globalCatalog: o.globalCatalog }),
    bindUser: o.bind,
    caFiles: o.caFiles.map((f) => resolve(f)),
    globalCatalog: o.globalCatalog,
    bases: o.bases,
    excludes: o.excludes,
    pageSize: o.pageSize,
    timeoutMs: o.timeoutSeconds * 1000,
    connections: o.connections,
  };
}

/** Ctrl-C stops a run cleanly: it is recorded as interrupted, with what was read. */
function interruptOnCtrlC(): AbortSignal {
  const controller = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\ninterrupting: the run is kept as interrupted\n');
    controller.abort();
  });
  return controller.signal;
}

/**
 * Where a failure leaves the person: after the run is recorded, a failed output names the run
 * that is saved and says the folder's earlier files were left as they were (they are staged and
 * put in place only together).
 */
class OutputFailed extends Error {
  constructor(cause: FileError, assessmentId: number, dbPath: string, outDir: string) {
    super(`${cause.message}. Assessment #${assessmentId} is saved in ${dbPath}; no file in ${outDir} was replaced.`);
    this.name = 'OutputFailed';
  }
}

async function run(opts: CliOptions): Promise<void> {
  const scopeFilter = opts.scopeFilter ? parseFilter(opts.scopeFilter) : undefined;
  const outDir = resolve(opts.out);
  ensureFolder(outDir);
  const sources = (await sourceSpecs(opts.sources)).map(openSource);
  // A date a person states is the date of every export's data; a live directory is read as it is now.
  if (opts.asOf) for (const s of sources) if (!s.interruptible) Object.assign(s.descriptor, { asOf: opts.asOf, asOfBasis: 'given with --as-of' });
  const dbPath = resolve(opts.db ?? join(outDir, 'workspace.sqlite'));
  const workspace = new Workspace(dbPath);
  try {
    const ctx = routingContext({ routableSuffixes: opts.routableSuffixes, tenantDomains: opts.tenantDomains });
    const { assessmentId, summary, searchIndexed } = await runAssessment(
      workspace,
      sources,
      {
        scope: { includeOus: opts.includeOus, excludeOus: opts.excludeOus, filter: scopeFilter, excludeDisabled: opts.excludeDisabled },
        scopeDescription: { includeOus: opts.includeOus, excludeOus: opts.excludeOus, filter: opts.scopeFilter ?? null, excludeDisabled: opts.excludeDisabled },
        routableSuffixes: opts.routableSuffixes,
        tenantDomains: opts.tenantDomains,
        cloud: opts.cloud,
        ctx,
      },
      // The search index is built on a thread while the reports are written.
      { onProgress: progressPrinter(opts.quiet), signal: interruptOnCtrlC(), keepPartial: opts.keepPartial, searchIndex: 'thread' },
    ).catch((err: unknown) => {
      if (isDiskFull(err)) throw new FileError(dbPath, err, 'the run could not be recorded (it was not saved; earlier runs in the workspace are intact)');
      throw err;
    });
    if (!opts.quiet && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    const options = { customer: opts.customer, redactor: new Redactor(opts.redact), acceptAllSuggestions: opts.acceptSuggestions };
    const indexed = searchIndexed.catch((err: unknown) => {
      // The run is complete and searchable without it (the app's search then scans): said, not fatal.
      process.stderr.write(`warning: ${terminalSafe(err instanceof Error ? err.message : String(err))}\n`);
    });
    const written = await exportRun(workspace.db, assessmentId, ['findings', ...opts.reports], outDir, options)
      .catch((err: unknown) => {
        throw err instanceof FileError ? new OutputFailed(err, assessmentId, dbPath, outDir) : err;
      })
      .finally(() => indexed);
    // The labels come from the input (a file's name): the one part of the summary that is not ours.
    const label = sources.length === 1 ? sources[0]!.descriptor.label : `${sources.length} sources`;
    const header = `${TOOL.name} ${TOOL.version}: assessment #${assessmentId} of ${terminalSafe(label)}`;
    const settings = settingsInWords({ cloud: opts.cloud, tenantDomains: opts.tenantDomains, routableSuffixes: opts.routableSuffixes, scope: { includeOus: opts.includeOus, excludeOus: opts.excludeOus, filter: opts.scopeFilter ?? null, excludeDisabled: opts.excludeDisabled } });
    process.stdout.write(`${formatSummary(summary, header, terminalSafe, settings)}\n\nWrote ${written.map(terminalSafe).join('\n      ')}\nWorkspace ${terminalSafe(dbPath)}\n`);
  } finally {
    workspace.close();
  }
}

function compact(opts: CompactOptions): void {
  const path = resolve(opts.compact);
  const workspace = new Workspace(path);
  try {
    const { before, after, runsCleared } = workspace.compact();
    const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;
    process.stdout.write(`Compacted ${path}: ${mb(before)} to ${mb(after)} (rows of ${countText(runsCleared)} failed or interrupted runs removed; their records are kept)\n`);
  } finally {
    workspace.close();
  }
}

/** Errors reach the terminal as one line, without any control character an input file put in them. */
function fail(message: string, status: number): number {
  process.stderr.write(`error: ${terminalSafe(message)}\n`);
  return status;
}

export async function main(argv: string[]): Promise<number> {
  let opts;
  try {
    opts = parseCliArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) return fail(`${err.message} (see --help)`, 2);
    throw err;
  }
  if (opts === 'help') {
    process.stdout.write(`${USAGE}\n\n${EXPORT_HELP}\n`);
    return 0;
  }
  if (opts === 'version') {
    process.stdout.write(`${TOOL.version}\n`);
    return 0;
  }
  try {
    if ('compact' in opts) compact(opts);
    else await run(opts);
    return 0;
  } catch (err) {
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (err instanceof SourceError || err instanceof FileError || err instanceof OutputFailed || err instanceof UsageError || err instanceof ProfileError || err instanceof UnknownSource) return fail(err.message, 2);
    if (err instanceof FilterSyntaxError) return fail(`--scope-filter: ${err.message}`, 2);
    if (err instanceof AssessmentCancelled) return fail('interrupted', 130);
    if (err instanceof LdapConnectionError) return fail(err.message, 1);
    if (process.env.ADRW_DEBUG) console.error(err);
    return fail(err instanceof Error ? err.message : String(err), 1);
  }
}
