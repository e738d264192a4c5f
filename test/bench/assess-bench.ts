import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readRun } from '../../main/runs/run-record.ts';
import { Workspace } from '../../main/store/workspace.ts';
import { syntheticLdif } from './synthetic-directory.ts';

/**
 * npm run bench: the whole command line, as a person runs `npm run assess`, on synthetic
 * directories as messy as an unprepared one (synthetic-directory.ts: a fifth of the objects with
 * findings, every rule, duplicate groups of 2 to 2,000 holders, a 60,000-member group), outputs
 * included. Timed from the process's start to its end; peak RSS over all its threads. Targets on
 * the 2-core CI machine: at least 60,000 objects/s end to end at 200,000 and at 1,000,000
 * objects, peak RSS under 600 MB. BENCH_SIZES=200000 for one size.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const DIR = join(ROOT, '.bench');
const SIZES = (process.env.BENCH_SIZES ?? '200000,1000000').split(',').map(Number);
const TARGET_OBJECTS_PER_SECOND = 60_000;
const TARGET_RSS_MB = 600;

/** The Node flags of `npm run assess`, read from package.json so the benchmark runs what people run. */
function assessFlags(): string[] {
  const script = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.assess!;
  const words = script.split(/\s+/);
  return words.slice(1, words.indexOf('main/cli.ts'));
}

const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);

mkdirSync(DIR, { recursive: true });
for (const size of SIZES) {
  const started = Date.now();
  const ldif = await syntheticLdif(DIR, size);
  if (Date.now() - started > 1000) console.log(`generated ${ldif} (${mb(statSync(ldif).size)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const out = join(DIR, `assess-${size}`);
  rmSync(out, { recursive: true, force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...assessFlags(), join(ROOT, 'test/bench/assess-child.ts'), '--input', ldif, '--out', out, '--tenant-domain', 'agency.gov', '--quiet'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const report = JSON.parse(r.stderr.trim().split('\n').pop()!) as { status: number; peakRssMb: number };
  if (report.status !== 0) throw new Error(`the command line failed on ${ldif}:\n${r.stderr}`);
  // The run's record, rather than findings.json, which is too large to parse whole at 1,000,000 objects.
  const ws = new Workspace(join(out, 'workspace.sqlite'));
  const run = readRun(ws.db, ws.listAssessments()[0]!.id);
  const groups = (ws.db.prepare('SELECT count(*) AS n FROM duplicate_groups WHERE assessment_id = ?').get(run.id) as { n: number }).n;
  const largest = (ws.db.prepare('SELECT max(holders) AS n FROM duplicate_groups WHERE assessment_id = ?').get(run.id) as { n: number }).n;
  ws.close();
  const { objects, findings, durationMs } = run.summary!;
  const perSecond = Math.round(objects / seconds);
  const outputs = ['findings.json', 'findings.csv'].map((f) => `${f} ${mb(statSync(join(out, f)).size)} MB`).join(', ');
  console.log(
    `${objects.toLocaleString('en-US')} objects: ${seconds.toFixed(2)} s end to end (the engine ${(durationMs / 1000).toFixed(2)} s), ${perSecond.toLocaleString('en-US')} objects/s ` +
      `(${perSecond >= TARGET_OBJECTS_PER_SECOND ? 'meets' : 'MISSES'} ${TARGET_OBJECTS_PER_SECOND.toLocaleString('en-US')}), peak RSS ${report.peakRssMb} MB (${report.peakRssMb < TARGET_RSS_MB ? 'meets' : 'MISSES'} < ${TARGET_RSS_MB} MB); ` +
      `${findings.toLocaleString('en-US')} findings, ${groups.toLocaleString('en-US')} duplicate groups (the largest held by ${largest.toLocaleString('en-US')}); ${outputs}, workspace ${mb(statSync(join(out, 'workspace.sqlite')).size)} MB`,
  );
}
