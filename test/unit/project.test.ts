import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { generateAgency } from '../../scripts/sample/agency.ts';
import { SAMPLE_DIRECTORY } from '../../main/directory/file-source.ts';
import { tldListInfo } from '../../main/engine/routing.ts';

const ROOT = join(import.meta.dirname, '../..');

describe('project rules', () => {
  it('the whole tree passes lint', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const results = await eslint.lintFiles(['.']);
    const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.message}`));
    expect(problems).toEqual([]);
  });

  it.each([
    ['shared/x.ts', "import { readFileSync } from 'node:fs';", 'no Node modules'],
    ['shared/x.ts', "import fs from 'fs';", 'no Node modules'],
    ['shared/x.ts', "import { app } from 'electron';", 'never imports electron'],
    ['shared/x.ts', "import Database from 'better-sqlite3';", 'pure'],
    ['main/engine/x.ts', "import { app } from 'electron';", "Only main/electron/ may import 'electron'"],
    ['renderer/x.ts', "import { ipcRenderer } from 'electron';", "Only main/electron/ may import 'electron'"],
    ['renderer/src/x.tsx', "import { readFileSync } from 'node:fs';", 'have no Node'],
    ['renderer/src/x.ts', "import { Workspace } from '../../main/store/workspace.ts';", 'through shared/api only'],
    ['preload/x.ts', "import { ipcRenderer } from 'electron';", "Only main/electron/ may import 'electron'"],
    ['main/engine/x.ts', "import { runAssessment } from '../runs/run-assessment.ts';", 'main/engine/ is below the run layer'],
    ['main/engine/x.ts', "import { evaluateChecklist } from '../checklist/evaluate.ts';", 'main/engine/ is below the run layer'],
    ['main/engine/x.ts', "import { writeReports } from '../reports/export.ts';", 'main/engine/ is below the run layer'],
    ['main/store/x.ts', "import { createHandlers } from '../handlers/index.ts';", 'main/store/ is below the run layer'],
    ['main/store/x.ts', "import type { Run } from '../engine/run.ts';", 'main/store/ is below the run layer'],
    ['main/directory/ldap/x.ts', "import { readRun } from '../../runs/run-record.ts';", 'main/directory/ is below the run layer'],
    ['main/directory/x.ts', "import { Workspace } from '../store/workspace.ts';", 'main/directory/ is below the run layer'],
  ])('the import boundary rejects %s: %s', async (file, code, message) => {
    const eslint = new ESLint({ cwd: ROOT });
    const [result] = await eslint.lintText(`${code}\nexport const used = 1;\n`, { filePath: join(ROOT, file) });
    expect(result!.messages.map((m) => m.message).join(' ')).toContain(message);
  });

  it('the layers below the run layer may import each other downward', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const [result] = await eslint.lintText("import { Workspace } from '../store/workspace.ts';\nimport { openFileSource } from '../directory/file-source.ts';\nexport const used = [Workspace, openFileSource];\n", { filePath: join(ROOT, 'main/engine/x.ts') });
    expect(result!.messages).toEqual([]);
  });

  it('an import cycle fails lint, naming the chain', async () => {
    const dir = join(ROOT, 'main/engine/.cycle-test');
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(join(dir, 'a.ts'), "import { b } from './b.ts';\nexport const a = () => b;\n");
      writeFileSync(join(dir, 'b.ts'), "import type { Later } from './c.ts';\nexport const b = 1 as unknown as Later;\n");
      writeFileSync(join(dir, 'c.ts'), "import { a } from './a.ts';\nexport type Later = ReturnType<typeof a>;\n");
      const [result] = await new ESLint({ cwd: ROOT }).lintFiles([join(dir, 'a.ts')]);
      expect(result!.messages.map((m) => m.message)).toEqual(['Import cycle: main/engine/.cycle-test/a.ts → main/engine/.cycle-test/b.ts → main/engine/.cycle-test/c.ts → main/engine/.cycle-test/a.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('main/electron/ may import electron', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const [result] = await eslint.lintText("import { app } from 'electron';\nexport const a = app;\n", { filePath: join(ROOT, 'main/electron/x.ts') });
    expect(result!.messages).toEqual([]);
  });

  it('type-checks in strict mode: main, shared/ without Node or DOM types, and the renderer without Node', () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    for (const project of ['tsconfig.json', 'shared/tsconfig.json', 'renderer/tsconfig.json']) {
      const r = spawnSync(process.execPath, [tsc, '-p', project], { cwd: ROOT, encoding: 'utf8' });
      expect(r.stdout + r.stderr, project).toBe('');
      expect(r.status).toBe(0);
    }
  }, 120_000);

  it('the committed sample directory is exactly what its generator writes', () => {
    expect(readFileSync(SAMPLE_DIRECTORY, 'utf8') === generateAgency()).toBe(true);
  });

  it('the installed TLD list version has a known release date (update resources/tld/release-dates.json)', () => {
    expect(tldListInfo().date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(tldListInfo().count).toBeGreaterThan(1000);
  });

  it('package.json: Node >= 22, and install scripts allowed only where needed', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; allowScripts: Record<string, boolean> };
    expect(pkg.engines.node).toBe('>=22');
    // esbuild ships its binary as a package and only verifies it after install; es5-ext's script prints a banner.
    expect(pkg.allowScripts).toEqual({ electron: true, node: true, 'electron-winstaller': false, 'better-sqlite3': false, esbuild: false, 'es5-ext': false });
    expect(execFileSync(process.execPath, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim().split('.')[0]).toBe('24');
  });
});

describe('README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  it('shows the exact export commands that --help prints', async () => {
    const { LDIFDE_COMMAND, POWERSHELL_COMMAND, CONFIGURATION_COMMANDS } = await import('../../main/directory/export-instructions.ts');
    expect(readme).toContain(LDIFDE_COMMAND);
    expect(readme).toContain(POWERSHELL_COMMAND);
    for (const command of CONFIGURATION_COMMANDS) expect(readme).toContain(command);
  });
  it('gives the commands CI and newcomers run', () => {
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    expect(readme).toContain('npm run assess -- --sample --out out');
    expect(readme).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci');
    expect(readme).toContain('npm test');
    expect(ci).toContain('npm test');
    expect(ci).toContain('npm ci');
  });
});
