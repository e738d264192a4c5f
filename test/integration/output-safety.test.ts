import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, closeSync, existsSync, lstatSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Workspace } from '../../main/store/workspace.ts';
import { tempDir } from '../temp-dirs.ts';

/** The files the workbench writes, and what it says when it cannot write them: as a person runs it. */
const ROOT = new URL('../../', import.meta.url).pathname;

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['main/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);
/** The reports a person sees in a folder (not the workspace, nor a hidden temporary file), each with a digest of its bytes. */
const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).filter((f) => !f.startsWith('workspace') && !f.startsWith('.')).map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));

/** Small file systems of our own, to fill up or make read-only (root only: CI runs as root). */
const isRoot = process.getuid?.() === 0;
const mounts: string[] = [];
function mountTmpfs(options: string): string {
  const dir = tempDir('mount');
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}
/** Leaves about `free` bytes free on the file system holding `dir`. */
function fillUp(dir: string, free: number): void {
  const fd = openSync(join(dir, 'filler'), 'w');
  const block = Buffer.alloc(4096);
  try {
    const { bavail, bsize } = execFileSync('stat', ['-f', '-c', '%a %S', dir], { encoding: 'utf8' })
      .trim()
      .split(' ')
      .reduce((o, v, i) => ({ ...o, [i === 0 ? 'bavail' : 'bsize']: Number(v) }), { bavail: 0, bsize: 0 });
    for (let left = bavail * bsize - free; left > 0; left -= block.length) writeSync(fd, block);
  } finally {
    closeSync(fd);
  }
}
afterAll(() => {
  for (const dir of mounts.splice(0)) spawnSync('umount', [dir]);
});

describe('files written safely', () => {
  it('reports, the output folder and the workspace (with its WAL and shared memory) are readable by their owner only', () => {
    const out = join(tempDir('safe'), 'new-folder');
    const r = cli(['--sample', '--out', out, '--report', 'pdf,xlsx,csv,md,json,ldif,ps1', '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    expect(mode(out)).toBe('700');
    for (const f of readdirSync(out)) expect(`${f} ${mode(join(out, f))}`).toBe(`${f} 600`);
    // An older workspace made 0644 is made private when opened; SQLite gives its WAL and SHM the same mode.
    const db = join(out, 'workspace.sqlite');
    chmodSync(db, 0o644);
    const ws = new Workspace(db);
    ws.beginAssessment({ sourceKind: 'ldif', sourceLabel: 'x', source: {}, options: {}, toolVersion: '0' });
    for (const f of [db, `${db}-wal`, `${db}-shm`]) expect(`${f} ${mode(f)}`).toBe(`${f} 600`);
    ws.close();
  });

  it('a symbolic link at a report name is replaced, never written through', () => {
    const out = tempDir('symlink');
    const victim = join(tempDir('victim'), 'important.txt');
    writeFileSync(victim, 'keep me');
    symlinkSync(victim, join(out, 'checklist.md'));
    symlinkSync(victim, join(out, 'findings.json'));
    const r = cli(['--sample', '--out', out, '--report', 'md', '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(lstatSync(join(out, 'checklist.md')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(out, 'checklist.md'), 'utf8')).toContain('# Assess-phase remediation checklist');
  });

  it('a process killed while writing leaves the earlier reports whole under their names', async () => {
    const out = tempDir('killed');
    expect(cli(['--sample', '--out', out, '--report', 'md', '--quiet']).status).toBe(0);
    const before = snapshot(out);
    // The export's writer, killed after writing most of a report but before putting it in place.
    const script = `
      const { StagedFiles } = await import(${JSON.stringify(join(ROOT, 'main/files/staged-files.ts'))});
      const files = new StagedFiles();
      files.file(${JSON.stringify(join(out, 'findings.json'))}).write('{"schemaVersion": 1, "findings": [' + ' '.repeat(3 << 20));
      files.file(${JSON.stringify(join(out, 'checklist.md'))}).write('# half');
      process.kill(process.pid, 'SIGKILL');`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' });
    const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
    expect(signal).toBe('SIGKILL');
    expect(snapshot(out)).toEqual(before);
  });
});

describe('failures a person can act on: one line naming the path and the cause, exit 2', () => {
  const sample = ['--sample', '--quiet'];

  it('--out that is a file', () => {
    const file = join(tempDir('paths'), 'not-a-folder');
    writeFileSync(file, '');
    const r = cli([...sample, '--out', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`error: ${file}: cannot be used as the output folder: a part of the path is a file, not a folder\n`);
  });

  it('--db that cannot be a workspace: a folder, or a file that is not a database', () => {
    const dir = tempDir('paths');
    const notDb = join(dir, 'notes.txt');
    writeFileSync(notDb, 'these are my notes, not a database '.repeat(200));
    for (const [db, cause] of [
      [dir, 'it cannot be opened as a workspace'],
      [notDb, 'it is not a workspace database'],
    ] as const) {
      const r = cli([...sample, '--out', join(dir, 'out'), '--db', db]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^error: ${db}: cannot be opened as a workspace: ${cause}`));
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(readFileSync(notDb, 'utf8')).toContain('these are my notes');
  });

  it('an input that is a folder, or missing', () => {
    const dir = tempDir('paths');
    expect(cli(['--input', dir, '--out', join(dir, 'out'), '--quiet']).stderr).toBe(`error: ${dir}: is not a file\n`);
    const r = cli(['--input', join(dir, 'gone.ldif'), '--out', join(dir, 'out'), '--quiet']);
    expect([r.status, r.stderr]).toEqual([2, `error: ${join(dir, 'gone.ldif')}: file not found\n`]);
  });

  it.skipIf(!isRoot)('--out on a read-only file system', () => {
    const ro = mountTmpfs('size=1m,ro');
    const r = cli([...sample, '--out', join(ro, 'report'), '--db', join(tempDir('paths'), 'w.sqlite')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`error: ${join(ro, 'report')}: cannot be used as the output folder: the file system is read-only\n`);
  });

  it.skipIf(!isRoot)('a full disk while writing reports: the earlier reports stay whole, and the run is saved and named', () => {
    const disk = mountTmpfs('size=8m');
    const out = join(disk, 'report');
    const db = join(tempDir('paths'), 'w.sqlite');
    expect(cli([...sample, '--out', out, '--db', db]).status).toBe(0);
    const before = snapshot(out);
    fillUp(disk, 200_000);
    const r = cli([...sample, '--out', out, '--db', db, '--report', 'pdf,xlsx,ldif']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: ${out}/[a-z.-]+: cannot be written: the disk is full\\. Assessment #2 is saved in ${db}; no file in ${out} was replaced\\.\\n$`));
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const ws = new Workspace(db);
    expect(ws.listAssessments().map((a) => a.status)).toEqual(['completed', 'completed']);
    ws.close();
  });

  it.skipIf(!isRoot)('a full disk while recording the run: not saved, said so, and the earlier runs of the workspace intact', () => {
    const disk = mountTmpfs('size=64m');
    const db = join(disk, 'w.sqlite');
    const out = tempDir('paths');
    expect(cli([...sample, '--out', out, '--db', db]).status).toBe(0);
    const ws = new Workspace(db);
    const findings = ws.db.prepare('SELECT count(*) AS n FROM findings').get();
    ws.close();
    fillUp(disk, 100_000);
    const r = cli([...sample, '--out', out, '--db', db]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`error: ${db}: the run could not be recorded (it was not saved; earlier runs in the workspace are intact): the disk is full\n`);
    rmSync(join(disk, 'filler'));
    const after = new Workspace(db);
    expect(after.listAssessments()[0]!.status).toBe('completed');
    expect(after.db.prepare('SELECT count(*) AS n FROM findings WHERE assessment_id = 1').get()).toEqual(findings);
    after.close();
  });
});

describe('the workspace gives back the space of runs that did not complete', () => {
  it('--compact removes their rows and shrinks the file; completed runs are untouched', () => {
    const dir = tempDir('compact');
    const db = join(dir, 'w.sqlite');
    expect(cli(['--sample', '--out', join(dir, 'out'), '--db', db, '--quiet']).status).toBe(0);
    // A run killed with its rows kept, as an older version left them.
    const ws = new Workspace(db);
    ws.db.exec(`INSERT INTO assessments (started_at, status, source_kind, source_label, source_json, options_json, tool_version) SELECT started_at, 'interrupted', source_kind, source_label, source_json, options_json, tool_version FROM assessments WHERE id = 1`);
    ws.db.exec(`INSERT INTO objects SELECT 2, id, dn, object_class, ou, in_scope, excluded_reason, mail_enabled, attributes_json, unique_values FROM objects WHERE assessment_id = 1`);
    ws.db.exec(`INSERT INTO findings (assessment_id, object_id, attribute, value, error_type, rule_id, severity, suggested_value, related_dns_json, dn, object_class, ou, severity_rank) SELECT 2, object_id, attribute, value, error_type, rule_id, severity, suggested_value, related_dns_json, dn, object_class, ou, severity_rank FROM findings WHERE assessment_id = 1`);
    const completed = ws.db.prepare('SELECT count(*) AS n FROM findings WHERE assessment_id = 1').get();
    ws.close();
    const sizeBefore = statSync(db).size + (existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0);
    const r = cli(['--compact', '--db', db]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Compacted .*w\.sqlite: [\d.]+ MB to [\d.]+ MB \(rows of 1 failed or interrupted runs removed; their records are kept\)\n$/);
    expect(statSync(db).size).toBeLessThan(sizeBefore);
    const after = new Workspace(db);
    expect(after.db.prepare('SELECT count(*) AS n FROM findings WHERE assessment_id = 2').get()).toEqual({ n: 0 });
    expect(after.db.prepare('SELECT count(*) AS n FROM findings WHERE assessment_id = 1').get()).toEqual(completed);
    expect(after.listAssessments().map((a) => a.status)).toEqual(['completed', 'interrupted']);
    after.close();
  });
});
