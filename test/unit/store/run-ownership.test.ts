import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workspace } from '../../../main/store/workspace.ts';
import { tempDir } from '../../temp-dirs.ts';

const WORKSPACE_MODULE = new URL('../../../main/store/workspace.ts', import.meta.url).pathname;

/** Another process that begins a run on the workspace, stores a row, and stays at work until killed. */
async function liveRun(path: string): Promise<{ id: number; kill: () => Promise<void> }> {
  const script = `
    const { Workspace } = await import(${JSON.stringify(WORKSPACE_MODULE)});
    const ws = new Workspace(${JSON.stringify(path)});
    const id = ws.beginAssessment({ sourceKind: 'ldif', sourceLabel: 'other', source: {}, options: {}, toolVersion: '0' });
    ws.db.prepare("INSERT INTO objects (assessment_id, id, dn, object_class, ou, in_scope, mail_enabled, attributes_json) VALUES (?, 0, 'CN=A', 'user', '', 1, 0, '{}')").run(id);
    process.stdout.write(id + '\\n');
    setInterval(() => ws.heartbeat(id), 50);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  return {
    id: Number(String(line).trim()),
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}

const rowsOf = (ws: Workspace, id: number): number => (ws.db.prepare('SELECT count(*) AS n FROM objects WHERE assessment_id = ?').get(id) as { n: number }).n;

describe('a run belongs to the process writing it', () => {
  it("opening a workspace never flips another live process's run; once that process is killed, the run is interrupted and its rows go", async () => {
    const path = join(tempDir('owner'), 'workspace.sqlite');
    new Workspace(path).close();
    const other = await liveRun(path);
    try {
      const ws = new Workspace(path);
      expect(ws.getAssessment(other.id)!.status).toBe('running');
      expect(rowsOf(ws, other.id)).toBe(1);
      // A run of this process, side by side with the other one.
      const mine = ws.beginAssessment({ sourceKind: 'ldif', sourceLabel: 'mine', source: {}, options: {}, toolVersion: '0' });
      expect(ws.recoverAbandonedRuns()).toEqual([]);
      ws.close();
      await other.kill();
      const after = new Workspace(path);
      expect(after.getAssessment(other.id)).toMatchObject({ status: 'interrupted', error: 'the workbench stopped before the run finished' });
      expect(rowsOf(after, other.id)).toBe(0);
      expect(after.getAssessment(mine)!.status).toBe('running');
      after.close();
    } finally {
      await other.kill();
    }
  });

  it('a run written from another host counts as abandoned only once it has been silent for a minute', () => {
    const ws = new Workspace(join(tempDir('owner'), 'workspace.sqlite'));
    const id = ws.beginAssessment({ sourceKind: 'ldif', sourceLabel: 'x', source: {}, options: {}, toolVersion: '0' });
    const beat = new Date('2026-01-01T10:00:00Z');
    ws.db.prepare(`UPDATE assessments SET owner_host = 'another-laptop', heartbeat_at = ? WHERE id = ?`).run(beat.toISOString(), id);
    expect(ws.recoverAbandonedRuns(beat.getTime() + 30_000)).toEqual([]);
    expect(ws.recoverAbandonedRuns(beat.getTime() + 61_000)).toEqual([id]);
    expect(ws.getAssessment(id)!.status).toBe('interrupted');
    ws.close();
  });
});
