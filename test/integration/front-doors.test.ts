import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeAppContext } from '../../main/app/app-context.ts';
import { readRun } from '../../main/runs/run-record.ts';
import { iterateFindings } from '../../main/store/queries.ts';
import { Workspace } from '../../main/store/workspace.ts';
import { writeSyntheticLdif } from '../bench/synthetic-directory.ts';
import { appUnderTest } from '../app-under-test.ts';
import { tempDir } from '../temp-dirs.ts';

/** The two front doors, the command line and the app's handlers, on one run layer. */
const ROOT = new URL('../../', import.meta.url).pathname;

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['main/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const { ctx, call } = appUnderTest('front-doors');
afterAll(() => closeAppContext(ctx));

/** What a run recorded, without what differs from one run to the next of the same data (its duration). */
const recorded = (db: Workspace['db'], id: number) => {
  const { summary } = readRun(db, id);
  return { ...summary!, durationMs: 0 };
};

describe('the command line and the app run the same assessment', () => {
  it('the same sample and settings give identical run records and findings, and the app exports the same bytes as the CLI', async () => {
    const e = await call('engagements.save', { customer: 'Same agency', cloud: 'gcc-high', tenantDomains: ['fcra.gov'], routableSuffixes: [], scope: { includeOus: [], excludeOus: [], filter: null, excludeDisabled: false } });
    const { scanId } = await call('scans.start', { engagementId: e.id, sources: [{ kind: 'sample' }] });
    const scanned = await ctx.scans.finished(scanId)!;
    expect(scanned.state, scanned.error ?? '').toBe('completed');
    const out = join(tempDir('front-doors'), 'cli');
    const r = cli(['--sample', '--db', ctx.workspace.path, '--out', out, '--cloud', 'gcc-high', '--tenant-domain', 'fcra.gov', '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    const cliRun = Number(/assessment #(\d+)/.exec(r.stdout)![1]);
    const db = ctx.workspace.db;
    expect(recorded(db, cliRun)).toEqual(recorded(db, scanned.assessmentId!));
    expect([...iterateFindings(db, cliRun)]).toEqual([...iterateFindings(db, scanned.assessmentId!)]);
    // Both are searchable: the CLI built its index on a thread while it wrote the reports.
    const searchable = (id: number) => db.prepare('SELECT search_ready AS ready, (SELECT count(*) FROM findings_text t JOIN findings f ON f.id = t.rowid WHERE f.assessment_id = ?) AS indexed FROM assessments WHERE id = ?').get(id, id);
    expect(searchable(cliRun)).toEqual(searchable(scanned.assessmentId!));
    expect(searchable(cliRun)).toMatchObject({ ready: 1 });

    // The app's Reports screen exports the CLI's run: the same findings.json and findings.csv, byte for byte.
    const exported = await call('reports.export', { assessmentId: cliRun, formats: ['findings'], redact: false });
    expect(exported.files.map((f) => f.slice(exported.folder!.length + 1))).toEqual(['findings.json', 'findings.csv']);
    for (const name of ['findings.json', 'findings.csv']) {
      expect(readFileSync(join(exported.folder!, name)).equals(readFileSync(join(out, name))), name).toBe(true);
    }
  });
});

describe('two runs on one workspace at once, in two processes', () => {
  it('both complete, and neither corrupts nor mislabels the other', async () => {
    const dir = tempDir('concurrent');
    const synthetic = join(dir, 'synthetic.ldif');
    await writeSyntheticLdif(synthetic, 6000);
    // Each input alone, in a workspace of its own: what each run must find when they overlap.
    const alone = (input: string[], name: string) => {
      const db = join(dir, `${name}.sqlite`);
      expect(cli([...input, '--out', join(dir, name), '--db', db, '--quiet']).status).toBe(0);
      const ws = new Workspace(db);
      const findings = [...iterateFindings(ws.db, 1)];
      ws.close();
      return findings;
    };
    const expected = { sample: alone(['--sample'], 'sample-alone'), synthetic: alone(['--input', synthetic], 'synthetic-alone') };

    const shared = join(dir, 'shared.sqlite');
    const start = (input: string[], name: string) => {
      const child = spawn(process.execPath, ['main/cli.ts', ...input, '--out', join(dir, name), '--db', shared, '--quiet'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += String(d)));
      child.stderr.on('data', (d) => (stderr += String(d)));
      return once(child, 'exit').then(([status]) => ({ status: status as number, stdout, stderr }));
    };
    const [a, b] = await Promise.all([start(['--sample'], 'sample'), start(['--input', synthetic], 'synthetic')]);
    expect([a.status, a.stderr]).toEqual([0, '']);
    expect([b.status, b.stderr]).toEqual([0, '']);
    const ws = new Workspace(shared);
    const runs = ws.listAssessments();
    expect(runs.map((run) => run.status)).toEqual(['completed', 'completed']);
    const idOf = (stdout: string) => Number(/assessment #(\d+)/.exec(stdout)![1]);
    expect([...iterateFindings(ws.db, idOf(a.stdout))]).toEqual(expected.sample);
    expect([...iterateFindings(ws.db, idOf(b.stdout))]).toEqual(expected.synthetic);
    expect(readRun(ws.db, idOf(a.stdout)).sourceKind).toBe('sample');
    expect(readRun(ws.db, idOf(b.stdout)).sourceLabel).toBe('synthetic.ldif');
    ws.close();
  }, 120_000);
});
