import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openFileSource } from '../../main/directory/file-source.ts';
import { runAssessment as assess } from '../../main/runs/run-assessment.ts';
import { exportRun } from '../../main/runs/export-run.ts';
import { Workspace } from '../../main/store/workspace.ts';
import { syntheticLdif } from './synthetic-directory.ts';
import { runOptions } from '../helpers.ts';

/**
 * npm run bench:report: the PDF findings report of a 100,000-object assessment (target ≤ 10 s),
 * then a report whose appendix lists every finding of a 300,000-object assessment (over a
 * thousand pages), with the peak memory of each. Each runs in its own process.
 */
const DIR = resolve('.bench', 'report');

async function prepare(objects: number): Promise<string> {
  const db = join(DIR, `assessed-${objects}.sqlite`);
  if (existsSync(db)) return db;
  mkdirSync(DIR, { recursive: true });
  const ldif = await syntheticLdif(resolve('.bench'), objects);
  const ws = new Workspace(db);
  await assess(ws, openFileSource(ldif), runOptions({ cloud: 'gcc-high' }));
  ws.close();
  return db;
}

async function child(db: string, perRule: number): Promise<void> {
  const out = join(DIR, `pdf-${perRule}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const ws = new Workspace(db);
  const started = performance.now();
  const [pdf] = await exportRun(ws.db, 1, ['pdf'], out, { customer: 'Bench agency', appendixRowsPerRule: perRule });
  const seconds = (performance.now() - started) / 1000;
  ws.close();
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf!], { encoding: 'utf8' }))![1]);
  console.log(JSON.stringify({ seconds, pages, mb: Math.round(statSync(pdf!).size / 2 ** 20), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]!, Number(process.argv[4]));
  const runs = [
    { label: '100,000 objects, default appendix', objects: 100_000, perRule: 100 },
    { label: '300,000 objects, every finding in the appendix', objects: 300_000, perRule: 1_000_000 },
  ];
  for (const r of runs) {
    const db = await prepare(r.objects);
    const line = execFileSync(process.execPath, [...process.execArgv, import.meta.filename, '--child', db, String(r.perRule)], { encoding: 'utf8' }).trim().split('\n').pop()!;
    const m = JSON.parse(line) as { seconds: number; pages: number; mb: number; peakRssMb: number };
    const target = r.objects === 100_000 ? ` (${m.seconds <= 10 ? 'meets' : 'MISSES'} ≤ 10 s)` : '';
    console.log(`${r.label}: ${m.seconds.toFixed(2)} s${target}, ${m.pages.toLocaleString('en-US')} pages, ${m.mb} MB, peak RSS ${m.peakRssMb} MB`);
  }
}

await main();
