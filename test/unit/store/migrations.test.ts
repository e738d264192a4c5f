import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, migrate, MigrationError } from '../../../main/store/migrate.ts';
import { openFileSource, SAMPLE_DIRECTORY } from '../../../main/directory/file-source.ts';
import { runAssessment as assess } from '../../../main/runs/run-assessment.ts';
import { Workspace } from '../../../main/store/workspace.ts';
import { runOptions } from '../../helpers.ts';
import { tempDir } from '../../temp-dirs.ts';

const tempFile = (): string => join(tempDir('store'), 'workspace.sqlite');

describe('migrations', () => {
  it('001 creates the tables of a workspace', () => {
    const db = new Database(':memory:');
    migrate(db, 1);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(['assessments', 'exclusions', 'findings', 'mail_completeness', 'objects', 'schema_migrations', 'settings']);
  });

  it('002 copies DN, class and OU onto existing findings and ranks severities', () => {
    const db = new Database(':memory:');
    migrate(db, 1);
    db.prepare(`INSERT INTO assessments (id, started_at, status, source_kind, source_label, source_json, options_json, tool_version)
      VALUES (1, '2026-01-01', 'completed', 'ldif', 'x.ldif', '{}', '{}', '0.0.1')`).run();
    db.prepare(`INSERT INTO objects (assessment_id, id, dn, object_class, ou, in_scope, mail_enabled, attributes_json)
      VALUES (1, 7, 'CN=A,OU=Staff,DC=x', 'contact', 'OU=Staff,DC=x', 1, 1, '{}')`).run();
    const insert = db.prepare(`INSERT INTO findings (assessment_id, object_id, attribute, value, error_type, rule_id, severity) VALUES (1, 7, 'mail', 'a b@x', ?, ?, ?)`);
    insert.run('character', 'mail.character', 'blocker');
    insert.run('mismatch', 'proxyaddresses.mismatch', 'warning');
    migrate(db, 2);
    const rows = db.prepare('SELECT dn, object_class, ou, severity, severity_rank FROM findings ORDER BY id').all();
    expect(rows).toEqual([
      { dn: 'CN=A,OU=Staff,DC=x', object_class: 'contact', ou: 'OU=Staff,DC=x', severity: 'blocker', severity_rank: 0 },
      { dn: 'CN=A,OU=Staff,DC=x', object_class: 'contact', ou: 'OU=Staff,DC=x', severity: 'warning', severity_rank: 2 },
    ]);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM findings WHERE assessment_id = 1 AND rule_id = 'mail.character' ORDER BY severity_rank").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('findings_by_rule');
  });

  it('003 adds engagements, profiles and decisions; earlier runs keep their rows and belong to no engagement', () => {
    const db = new Database(':memory:');
    migrate(db, 2);
    db.prepare(`INSERT INTO assessments (id, started_at, status, source_kind, source_label, source_json, options_json, tool_version, summary_json)
      VALUES (1, '2026-01-01', 'completed', 'ldif', 'x.ldif', '{}', '{}', '0.0.1', '{"objects":3}')`).run();
    migrate(db, 3);
    expect(db.prepare('SELECT id, engagement_id, adjusted_json, summary_json FROM assessments').all()).toEqual([
      { id: 1, engagement_id: null, adjusted_json: null, summary_json: '{"objects":3}' },
    ]);
    db.prepare("INSERT INTO engagements (id, customer, cloud, created_at) VALUES (1, 'FCRA', 'gcc-high', 'now')").run();
    const decide = db.prepare(`INSERT INTO decisions (engagement_id, dn, rule_id, value_key, attribute, kind, decided_at) VALUES (1, 'CN=A', 'mail.character', 'a b', 'mail', ?, 'now')`);
    decide.run('exception');
    // One decision per finding identity: a second one must replace it, not pile up.
    expect(() => decide.run('accept')).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO engagements (customer, cloud, created_at) VALUES ('X', 'commercial', 'now')").run()).toThrow(/CHECK/);
  });

  it('is idempotent and records each migration with its hash', () => {
    const db = new Database(':memory:');
    migrate(db);
    migrate(db);
    const rows = db.prepare('SELECT version, name, length(sha256) AS len FROM schema_migrations').all();
    expect(rows).toHaveLength(LATEST_SCHEMA_VERSION);
    expect(rows[0]).toEqual({ version: 1, name: 'initial', len: 64 });
  });

  it('refuses a workspace whose applied migration was edited, or one from a newer version', () => {
    const db = new Database(':memory:');
    migrate(db);
    db.prepare("UPDATE schema_migrations SET sha256 = 'edited' WHERE version = 1").run();
    expect(() => migrate(db)).toThrow(MigrationError);
    const newer = new Database(':memory:');
    migrate(newer);
    newer.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 'x', 'now')").run();
    expect(() => migrate(newer)).toThrow(/newer version/);
  });
});

describe('workspace', () => {
  it('is a WAL file; a run left "running" by a dead process is marked interrupted on open', () => {
    const path = tempFile();
    const ws = new Workspace(path);
    expect(ws.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const id = ws.beginAssessment({ sourceKind: 'ldif', sourceLabel: 'x', source: {}, options: {}, toolVersion: '0' });
    // Its owner: a process that has ended.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    ws.db.prepare('UPDATE assessments SET owner_pid = ? WHERE id = ?').run(Number(dead.stdout), id);
    ws.close();
    const reopened = new Workspace(path);
    expect(reopened.getAssessment(id)).toMatchObject({ status: 'interrupted', error: 'the workbench stopped before the run finished' });
    reopened.close();
  });

  it('a new file gets 16 KB pages; a workspace made with 4 KB pages keeps them, and its runs', async () => {
    const fresh = new Workspace(tempFile());
    expect(fresh.db.pragma('page_size', { simple: true })).toBe(Workspace.PAGE_SIZE);
    fresh.close();

    const path = tempFile();
    const old = new Database(path);
    old.pragma('page_size = 4096');
    old.pragma('journal_mode = WAL');
    migrate(old);
    old.close();
    const ws = new Workspace(path);
    expect(ws.db.pragma('page_size', { simple: true })).toBe(4096);
    const { summary } = await assess(ws, openFileSource(SAMPLE_DIRECTORY), runOptions());
    expect(summary.findings).toBeGreaterThan(0);
    ws.close();
  });

  it('processes opening one new workspace at once each see it fully migrated, migrated once', async () => {
    // A CLI run beside the app, or two CLI runs, may create the same workspace together.
    const opener = `import { Workspace } from './main/store/workspace.ts';
      const ws = new Workspace(process.argv[1]); ws.close();`;
    for (let round = 0; round < 3; round++) {
      const path = tempFile();
      const children = Array.from({ length: 6 }, () => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', opener, path], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += String(d)));
        return once(child, 'exit').then(([status]) => ({ status, stderr }));
      });
      for (const result of await Promise.all(children)) expect(result).toEqual({ status: 0, stderr: '' });
      const db = new Database(path);
      const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
      expect(versions).toEqual(Array.from({ length: LATEST_SCHEMA_VERSION }, (_, i) => i + 1));
      db.close();
    }
  }, 60_000);
});
