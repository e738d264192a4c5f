import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readChecklist, updateManualItem } from '../../main/checklist/evaluate.ts';
import { readLdifChanges } from '../../main/directory/ldif-changes.ts';
import { fromSnapshotJson } from '../../main/engine/snapshot.ts';
import { Workspace } from '../../main/store/workspace.ts';
import { ensureDebianPackages } from '../../scripts/setup/debian-packages.ts';
import { tempDir } from '../temp-dirs.ts';

/**
 * The reports a consultant hands over, produced by the CLI exactly as a person runs it, then read
 * back: the PDF's text section by section (pdftotext), its fonts (pdffonts), every word inside the
 * page (pdftotext -bbox), its pages as PNG (pdftoppm, saved to out/report-pages/ to be looked at);
 * the spreadsheets with an XLSX reader; the remediation LDIF with the project's own reader.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
const PAGES = join(ROOT, 'out/report-pages');
const work = tempDir('reports');
const out = join(work, 'out');
const redacted = join(work, 'redacted');
const db = join(work, 'workspace.sqlite');

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['main/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const text = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 26 });

beforeAll(() => {
  ensureDebianPackages([{ command: '/usr/bin/pdftotext', package: 'poppler-utils' }]);
  const base = ['--sample', '--db', db, '--cloud', 'gcc-high', '--tenant-domain', 'fcra.gov', '--customer', 'Federal Coastal Resilience Agency', '--quiet'];
  // A first run, whose manual checklist item is then updated: the second run carries it forward and compares with it.
  expect(cli([...base, '--out', join(work, 'first')]).status).toBe(0);
  const ws = new Workspace(db);
  expect(updateManualItem(ws.db, 1, 'NET-05', { status: 'in-progress', owner: 'Network team', dueDate: '2026-12-15', notes: 'Subnets sent to Microsoft' })).toBe(true);
  ws.close();
  const r = cli([...base, '--out', out, '--report', 'pdf,xlsx,csv,md,json,ldif,ps1', '--accept-suggestions']);
  expect(r.status, r.stderr).toBe(0);
  expect(cli([...base, '--out', redacted, '--report', 'pdf,xlsx,md', '--redact']).status).toBe(0);
}, 120_000);

describe('the PDF findings report', () => {
  it('has every section, in order, with what each must say', () => {
    const t = text(join(out, 'findings-report.pdf'));
    const order = ['Directory readiness report', 'Executive summary', 'Readiness by category', 'Change since the previous run', 'Top issues by impact', 'Mail-attribute completeness', 'Directory infrastructure', 'Remediation checklist', 'How the scores are computed', 'Appendix: findings by rule'];
    // Each heading is found after the one before it (some titles also appear earlier, in the summary chart).
    let from = 0;
    const missing = order.filter((h) => {
      const i = t.indexOf(h, from);
      if (i < 0) return true;
      from = i + h.length;
      return false;
    });
    expect(missing).toEqual([]);
    const at = order.map((h) => t.indexOf(h));
    const cover = t.slice(0, at[1]);
    for (const s of ['Federal Coastal Resilience Agency', 'Microsoft 365 GCC High', 'Assessment', 'Built-in sample directory', 'AD Readiness Workbench 0.1.0', 'overall readiness', 'Not ready to synchronize']) expect(cover).toContain(s);
    expect(t).toMatch(/Run #1, .*Run #2/);
    for (const section of ['Infrastructure', 'Network', 'Administration', 'Directory synchronization preparation', 'Network security', 'Federated identity', 'User provisioning', 'Service configuration', 'Support plan']) expect(t).toContain(section);
    expect(t).toContain('Endpoint snapshot: GCC High, dated 2026-11-01');
    expect(t).toContain('NET-05 Inbound allow-list request');
    expect(t).toContain('Network team');
    expect(t).toContain('In progress');
    expect(t).toContain('Severity weights');
    expect(t).toMatch(/and [\d,]+ more: see findings\.xlsx, sheet "/);
  });

  it('embeds its fonts, numbers every page, and keeps every word inside the page', () => {
    const pdf = join(out, 'findings-report.pdf');
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(1);
    expect(fonts.every((l) => / yes +yes /.test(l)), fonts.join('\n')).toBe(true);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    const t = text(pdf);
    for (let p = 1; p <= pages; p++) expect(t).toContain(`Page ${p}`);
    const bbox = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 27 });
    const outside = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)].filter(
      ([, x0, y0, x1, y1]) => Number(x0) < 50 || Number(x1) > 562 || Number(y0) < 20 || Number(y1) > 772,
    );
    expect(outside.map((m) => m[5]).slice(0, 10)).toEqual([]);
  });

  it('repeats a table\'s header on every page it runs onto', () => {
    const pages = text(join(out, 'findings-report.pdf')).split('\f');
    const appendix = pages.findIndex((p) => p.includes('Appendix: findings by rule'));
    const continued = pages.slice(appendix + 1).filter((p) => p.includes('CN='));
    expect(continued.length).toBeGreaterThan(3);
    for (const p of continued) expect(p.trimStart().split('\n').slice(0, 4).join(' ')).toMatch(/Object\s+Value\s+Suggested value|\(\w+\.\w+, \w+\)/);
  });

  it('never ends a page on a heading, nor leaves a short table\'s last row alone on the next page', () => {
    const pages = text(join(out, 'findings-report.pdf')).split('\f').filter((p) => p.trim());
    const headings = ['Infrastructure', 'Network', 'Administration', 'Directory synchronization preparation', 'Network security', 'Federated identity', 'User provisioning', 'Service configuration', 'Support plan', 'Readiness by category', 'Change since the previous run', 'Directory infrastructure'];
    const bodyLines = (p: string) => p.split('\n').filter((l) => l.trim() && !/Page \d+\s*$/.test(l));
    for (const [i, p] of pages.entries()) {
      const last = bodyLines(p).at(-1)?.trim() ?? '';
      expect(headings.includes(last), `page ${i + 1} ends with the heading "${last}"`).toBe(false);
      expect(last.startsWith('Endpoint snapshot:'), `page ${i + 1}`).toBe(false);
    }
    // The top issues' example tables (five rows at most) are never split.
    const top = pages.findIndex((p) => p.includes('Top issues by impact'));
    const completeness = pages.findIndex((p) => p.includes('Mail-attribute completeness'));
    for (const p of pages.slice(top + 1, completeness)) expect(bodyLines(p)[0]!.trim(), 'a top-issue page starts mid-table').toMatch(/^\d+\. /);
  });

  it('renders to PNG pages (saved in out/report-pages/ to look at)', () => {
    rmSync(PAGES, { recursive: true, force: true });
    mkdirSync(PAGES, { recursive: true });
    execFileSync('pdftoppm', ['-r', '60', '-png', join(out, 'findings-report.pdf'), join(PAGES, 'page')]);
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '3', join(redacted, 'findings-report.pdf'), join(PAGES, 'redacted')]);
    expect(readdirSync(PAGES).filter((f) => f.startsWith('page')).length).toBeGreaterThan(10);
  });
});

describe('redaction', () => {
  it('masks names and addresses consistently, in every report of the run', async () => {
    const t = text(join(redacted, 'findings-report.pdf'));
    for (const secret of ['Joshua Richardson', 'jrichardson', 'fcra.local', 'Great Lakes Region']) expect(t).not.toContain(secret);
    expect(t).toMatch(/CN=Object \d{4}/);
    expect(t).toContain('.local');
    const csv = readFileSync(join(redacted, 'findings.csv'), 'utf8');
    expect(csv).not.toContain('Richardson');
    const line = csv.split('\r\n')[1]!;
    const firstDn = line.startsWith('"') ? line.slice(1, line.indexOf('",')) : line.split(',')[0]!;
    expect(firstDn).toMatch(/^CN=Object \d{4},/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(redacted, 'findings.xlsx'));
    const cells = wb.worksheets.slice(1).flatMap((ws) => ws.getSheetValues().flat().map(String));
    expect(cells).toContain(firstDn);
    expect(cells.join(' ')).not.toContain('Richardson');
  });
});

describe('spreadsheets', () => {
  it('findings.xlsx: a summary sheet and one sheet per rule holding every finding', async () => {
    const json = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as { findings: { ruleId: string }[] };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'findings.xlsx'));
    expect(wb.worksheets[0]!.name).toBe('Summary');
    const perRule = new Map<string, number>();
    for (const f of json.findings) perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1);
    expect(wb.worksheets.length).toBe(perRule.size + 1);
    const summary = wb.worksheets[0]!;
    for (let r = 2; r <= perRule.size + 1; r++) {
      const row = summary.getRow(r);
      const sheet = wb.getWorksheet(String(row.getCell(2).value))!;
      const rule = String(row.getCell(1).value);
      expect(sheet.rowCount - 1, rule).toBeGreaterThanOrEqual(Number(row.getCell(6).value));
    }
    const rows = wb.worksheets.slice(1).reduce((n, ws) => n + ws.rowCount - 1, 0);
    expect(rows).toBe(json.findings.length);
  });

  it('checklist.xlsx, .csv, .md and .json carry the same items, with the manual state carried forward', async () => {
    const ws = new Workspace(db);
    const items = readChecklist(ws.db, 2);
    ws.close();
    expect(items.find((i) => i.itemId === 'NET-05')).toMatchObject({ status: 'in-progress', owner: 'Network team', dueDate: '2026-12-15', notes: 'Subnets sent to Microsoft', gating: true });
    const auto = items.filter((i) => i.automatic);
    expect(auto.length).toBeGreaterThan(5);
    expect(auto.every((i) => (i.evidence?.examples.length ?? 0) <= 10)).toBe(true);
    expect(items.find((i) => i.itemId === 'DSP-02')!.evidence!.ruleIds.length).toBeGreaterThan(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, 'checklist.xlsx'));
    expect(wb.worksheets[0]!.rowCount - 1).toBe(items.length);
    const csvLines = readFileSync(join(out, 'checklist.csv'), 'utf8').split('\r\n').filter((l) => /^(INF|NET|ADM|DSP|SEC|FED|PRV|SVC|SUP)-\d\d,/.test(l));
    expect(csvLines.length).toBe(items.length);
    const md = readFileSync(join(out, 'checklist.md'), 'utf8');
    expect(md).toContain('## Directory synchronization preparation');
    expect(md).toContain('| NET-05 |');
    const json = JSON.parse(readFileSync(join(out, 'checklist.json'), 'utf8')) as { items: unknown[]; endpointSnapshot: { date: string } };
    expect(json.items).toHaveLength(items.length);
    expect(json.endpointSnapshot.date).toBe('2026-11-01');
  });

  it('GCC gets its own items: no allow-list gate, the worldwide endpoints', () => {
    const gcc = join(work, 'gcc');
    expect(cli(['--sample', '--out', gcc, '--cloud', 'gcc', '--report', 'md', '--quiet']).status).toBe(0);
    const md = readFileSync(join(gcc, 'checklist.md'), 'utf8');
    expect(md).not.toContain('NET-05');
    expect(md).not.toContain('INF-07');
    expect(md).toContain('GCC (uses the worldwide endpoints)');
  });
});

describe('remediation files', () => {
  it('the LDIF change file reads back with the project\'s reader, one modify per object, and its undo restores the scanned values', () => {
    const change = readLdifChanges(readFileSync(join(out, 'remediation.ldif'), 'utf8'), 'remediation.ldif');
    const undo = readLdifChanges(readFileSync(join(out, 'remediation-undo.ldif'), 'utf8'), 'remediation-undo.ldif');
    expect(change.length).toBeGreaterThan(100);
    expect(new Set(change.map((c) => c.dn.toLowerCase())).size).toBe(change.length);
    expect(undo.map((u) => u.dn)).toEqual(change.map((c) => c.dn));
    // Applied in memory to the objects as scanned: change, then undo, gives back exactly what was read.
    const ws = new Workspace(db);
    const stored = ws.db.prepare('SELECT attributes_json FROM objects WHERE assessment_id = 2 AND dn = ?');
    const apply = (attrs: Map<string, string[]>, mods: (typeof change)[number]['modifications']) => {
      for (const m of mods) {
        const key = m.attribute.toLowerCase();
        const now = attrs.get(key) ?? [];
        if (m.op === 'replace') attrs.set(key, [...m.values]);
        if (m.op === 'add') attrs.set(key, [...now, ...m.values]);
        if (m.op === 'delete') attrs.set(key, m.values.length ? now.filter((v) => !m.values.includes(v)) : []);
        if (attrs.get(key)!.length === 0) attrs.delete(key);
      }
    };
    let nonAscii = 0;
    change.forEach((c, i) => {
      const obj = fromSnapshotJson(c.dn, (stored.get(c.dn) as { attributes_json: string }).attributes_json);
      const before = new Map([...obj.attributes].map(([k, v]) => [k, v.filter((x): x is string => typeof x === 'string')] as const).filter(([, v]) => v.length > 0));
      const attrs = new Map([...before].map(([k, v]) => [k, [...v]]));
      apply(attrs, c.modifications);
      expect(attrs).not.toEqual(before);
      apply(attrs, undo[i]!.modifications);
      expect(new Map([...attrs].map(([k, v]) => [k, [...v].sort()]))).toEqual(new Map([...before].map(([k, v]) => [k, [...v].sort()])));
      if (/[^\x00-\x7f]/.test(JSON.stringify(undo[i]))) nonAscii++;
    });
    ws.close();
    expect(nonAscii).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'remediation-undo.ldif'), 'utf8')).toMatch(/^[a-zA-Z]+:: /m);
  });

  it('the PowerShell script uses the ActiveDirectory module and changes nothing unless run with -Apply', () => {
    const ps1 = readFileSync(join(out, 'remediation.ps1'), 'utf8');
    expect(ps1).toContain('#Requires -Modules ActiveDirectory');
    expect(ps1).toContain('param([switch]$Apply, [string]$Server)');
    expect(ps1).toContain('$common = @{ WhatIf = (-not $Apply) }');
    const commands = ps1.split('\r\n').filter((l) => l.startsWith('Set-ADObject'));
    expect(commands.length).toBe(readLdifChanges(readFileSync(join(out, 'remediation.ldif'), 'utf8'), 'x').length);
    expect(commands.every((l) => l.endsWith(' @common'))).toBe(true);
    // Every quote inside a value is doubled: the single-quoted strings can never be closed early.
    for (const l of commands) expect(l.replace(/''/g, '').match(/'/g)!.length % 2).toBe(0);
  });
});

describe('--report on the command line', () => {
  it('an unknown format is a usage error naming it (exit 2)', () => {
    const r = cli(['--sample', '--out', join(work, 'bad'), '--report', 'pdf,docx', '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown format "docx"');
  });
});
