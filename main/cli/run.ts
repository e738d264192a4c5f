import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { countText } from '../../shared/count-text.ts';
import { FilterSyntaxError, parseFilter } from '../../shared/ldap-filter.ts';
import { parseCliArgs, UsageError, USAGE, type CliOptions, type LdapCliOptions } from './args.ts';
import { LdapConnectionError } from '../directory/ldap/errors.ts';
import { openLdapSource } from '../directory/ldap/ldap-source.ts';
import { parseLdapUrl, ProfileError, type ConnectionProfile } from '../directory/ldap/profile.ts';
import { formatSummary } from './print-summary.ts';
import { EXPORT_HELP } from '../directory/export-instructions.ts';
import { openFileSource, SAMPLE_DIRECTORY } from '../directory/file-source.ts';
import { SourceError } from '../directory/source-error.ts';
import { assess, AssessmentCancelled, type Progress } from '../engine/assess.ts';
import { routingContext } from '../engine/routing.ts';
import { writeFindingsCsv } from '../reports/findings-csv.ts';
import { writeReports } from '../reports/export.ts';
import { writeFindingsJson } from '../reports/findings-json.ts';
import { Redactor } from '../reports/redact.ts';
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
async function readPassword(o: LdapCliOptions): Promise<string> {
  if (o.passwordEnv !== undefined) {
    const value = process.env[o.passwordEnv];
    if (value === undefined) throw new UsageError(`the environment variable ${o.passwordEnv} is not set`);
    return value;
  }
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0]!;
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

async function run(opts: CliOptions): Promise<void> {
  const scopeFilter = opts.scopeFilter ? parseFilter(opts.scopeFilter) : undefined;
  const source = opts.ldap ? openLdapSource(ldapProfile(opts.ldap), await readPassword(opts.ldap)) : opts.sample ? openFileSource(SAMPLE_DIRECTORY, 'sample') : openFileSource(resolve(opts.input!));
  const outDir = resolve(opts.out);
  mkdirSync(outDir, { recursive: true });
  const dbPath = resolve(opts.db ?? join(outDir, 'workspace.sqlite'));
  const workspace = new Workspace(dbPath);
  try {
    const ctx = routingContext({ routableSuffixes: opts.routableSuffixes, tenantDomains: opts.tenantDomains });
    const { assessmentId, summary } = await assess(
      workspace,
      source,
      {
        scope: { includeOus: opts.includeOus, excludeOus: opts.excludeOus, filter: scopeFilter, excludeDisabled: opts.excludeDisabled },
        scopeDescription: { includeOus: opts.includeOus, excludeOus: opts.excludeOus, filter: opts.scopeFilter ?? null, excludeDisabled: opts.excludeDisabled },
        routableSuffixes: opts.routableSuffixes,
        tenantDomains: opts.tenantDomains,
        cloud: opts.cloud,
        ctx,
      },
      { onProgress: progressPrinter(opts.quiet), signal: interruptOnCtrlC() },
    );
    if (!opts.quiet && process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    const row = workspace.getAssessment(assessmentId)!;
    const jsonPath = join(outDir, 'findings.json');
    const csvPath = join(outDir, 'findings.csv');
    const redactor = new Redactor(opts.redact);
    writeFindingsJson(workspace.db, { assessmentId, startedAt: row.startedAt, finishedAt: row.finishedAt, source: source.descriptor, summary }, jsonPath, redactor);
    writeFindingsCsv(workspace.db, assessmentId, csvPath, redactor);
    const reports = await writeReports(workspace.db, assessmentId, opts.reports, outDir, { customer: opts.customer, redactor, acceptAllSuggestions: opts.acceptSuggestions });
    const header = `${TOOL.name} ${TOOL.version}: assessment #${assessmentId} of ${source.descriptor.label}`;
    const files = [jsonPath, csvPath, ...reports].join('\n      ');
    process.stdout.write(`${formatSummary(summary, header)}\n\nWrote ${files}\nWorkspace ${dbPath}\n`);
  } finally {
    workspace.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  let opts;
  try {
    opts = parseCliArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message} (see --help)\n`);
      return 2;
    }
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
    await run(opts);
    return 0;
  } catch (err) {
    if (err instanceof SourceError) {
      process.stderr.write(`\nerror: ${err.message}\n`);
      return 2;
    }
    if (err instanceof FilterSyntaxError) {
      process.stderr.write(`error: --scope-filter: ${err.message}\n`);
      return 2;
    }
    if (err instanceof UsageError || err instanceof ProfileError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    if (err instanceof AssessmentCancelled) {
      process.stderr.write('error: interrupted\n');
      return 130;
    }
    if (err instanceof LdapConnectionError) {
      process.stderr.write(`\nerror: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.ADRW_DEBUG) console.error(err);
    return 1;
  }
}

