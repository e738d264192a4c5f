import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import module from 'node:module';
import { join, resolve } from 'node:path';
import { openFileSource } from '../../main/directory/file-source.ts';
import { runAssessment as assess } from '../../main/runs/run-assessment.ts';
import { Workspace } from '../../main/store/workspace.ts';
import { runOptions } from '../helpers.ts';
import { writeSyntheticLdif } from './synthetic-directory.ts';

/**
 * npm run bench: LDIF → scope → rules → uniqueness → stored findings, at 100k and 1M objects.
 * Each size runs in its own child process so its peak RSS is its own. Targets on the 2-core CI
 * machine: at least 100,000 objects/s and peak RSS under 600 MB at 1M objects.
 */
const DIR = resolve('.bench');
const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);

async function child(size: number): Promise<void> {
  module.enableCompileCache(); // as the CLI does
  const ldif = join(DIR, `synthetic-${size}.ldif`);
  const db = join(DIR, `bench-${size}.sqlite`);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const workspace = new Workspace(db);
  const started = process.hrtime.bigint();
  let recorded = 0n;
  // Timed to the moment the run is recorded and usable; the free-text search index is built after it, timed on its own.
  const { summary } = await assess(workspace, openFileSource(ldif), runOptions(), { onCompleted: () => (recorded = process.hrtime.bigint()) });
  const seconds = Number(recorded - started) / 1e9;
  const indexSeconds = Number(process.hrtime.bigint() - recorded) / 1e9;
  workspace.close();
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ size, objects: summary.objects, findings: summary.findings, seconds, indexSeconds, objectsPerSecond: Math.round(summary.objects / seconds), peakRssMb: Math.round(peakMb), dbMb: Math.round(statSync(db).size / 2 ** 20) }));
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(Number(process.argv[3]));
  mkdirSync(DIR, { recursive: true });
  for (const size of SIZES) {
    const ldif = join(DIR, `synthetic-${size}.ldif`);
    if (!existsSync(ldif)) {
      const t = Date.now();
      await writeSyntheticLdif(ldif, size);
      console.log(`generated ${ldif} (${Math.round(statSync(ldif).size / 2 ** 20)} MB) in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    const line = execFileSync(process.execPath, [...process.execArgv, import.meta.filename, '--child', String(size)], { encoding: 'utf8' }).trim();
    const r = JSON.parse(line.split('\n').pop()!) as Record<string, number>;
    const ok = (r.objectsPerSecond! >= 100_000 ? 'meets' : 'MISSES') + ' 100k obj/s';
    const mem = size >= 1_000_000 ? `; peak RSS ${r.peakRssMb! < 600 ? 'meets' : 'MISSES'} < 600 MB` : '';
    console.log(`${size.toLocaleString('en-US')} objects: ${r.seconds!.toFixed(2)} s, ${r.objectsPerSecond!.toLocaleString('en-US')} objects/s, peak RSS ${r.peakRssMb} MB, ${r.findings!.toLocaleString('en-US')} findings, DB ${r.dbMb} MB, then the search index in ${r.indexSeconds!.toFixed(2)} s (${ok}${mem})`);
  }
}

await main();
