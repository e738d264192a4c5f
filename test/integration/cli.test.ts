import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPORT_ATTRIBUTES } from '../../main/directory/export-instructions.ts';
import { SAMPLE_AS_OF } from '../../main/directory/file-source.ts';
import { entryText } from '../../main/reports/ldif-writer.ts';
import { ensureDebianPackages } from '../../scripts/setup/debian-packages.ts';
import { csv } from '../unit/directory/read-helpers.ts';
import { tempDir } from '../temp-dirs.ts';

/** The CLI as a person runs it: a real process, real files, real SQLite. */
function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['main/cli.ts', ...args], { encoding: 'utf8', cwd: join(import.meta.dirname, '../..') });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = (): string => tempDir('cli');

interface FindingsJson {
  schemaVersion: number;
  tool: { name: string; version: string };
  source: { kind: string; sha256: string; asOf: string };
  summary: Record<string, unknown> & { directoryChecks: { id: string; count?: number }[]; objects: number; inScope: number; excluded: number; findings: number; blockers: number; scores: Record<string, number | null>; bySeverity: Record<string, number>; tldList: { version: string } };
  excluded: { dn: string; reason: string }[];
  findings: { dn: string; attribute: string; value: string | null; errorType: string; ruleId: string; severity: string; suggestedValue?: string; relatedDns?: string[] }[];
}

describe('npm run assess -- --sample --out DIR', () => {
  const out = tmp();
  const r = cli(['--sample', '--out', out, '--tenant-domain', 'fcra.gov', '--quiet']);
  const json = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as FindingsJson;

  it('exits 0 and writes findings.json in schema version 1', () => {
    expect(r.status, r.stderr).toBe(0);
    expect(json.schemaVersion).toBe(1);
    expect(json.tool).toEqual({ name: 'AD Readiness Workbench', version: '0.1.0' });
    expect(json.source.kind).toBe('sample');
    expect(json.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(json.summary.tldList.version).toBe('1.261.0');
  });

  it('reads the sample as of its own date: its 60 planted stale users stay 60 whatever the day it is run', () => {
    expect(json.source.asOf).toBe(SAMPLE_AS_OF);
    expect(json.summary.directoryChecks.find((c) => c.id === 'accounts.stale')?.count).toBe(60);
  });

  it('its summary agrees with its own lists and with the printed summary', () => {
    const s = json.summary;
    expect(s.objects).toBeGreaterThanOrEqual(2000);
    expect(s.findings).toBe(json.findings.length);
    expect(s.excluded).toBe(json.excluded.length);
    expect(s.inScope + s.excluded).toBe(s.objects);
    expect(s.blockers).toBe(json.findings.filter((f) => f.severity === 'blocker').length);
    expect(s.bySeverity.error).toBe(json.findings.filter((f) => f.severity === 'error').length);
    const fmt = (n: number): string => n.toLocaleString('en-US');
    expect(r.stdout).toContain(`Objects        ${fmt(s.objects)}`);
    expect(r.stdout).toContain(`In scope       ${fmt(s.inScope)}   excluded ${fmt(s.excluded)}`);
    expect(r.stdout).toContain(`Findings       ${fmt(s.findings)} (blockers ${fmt(s.blockers)}`);
    expect(r.stdout).toContain(`Readiness      ${s.scores.overall}/100`);
  });

  it('has one finding per (object, attribute, value, errorType), and every errorType of domain.md', () => {
    const keys = json.findings.map((f) => `${f.dn}|${f.attribute}|${f.value}|${f.errorType}`);
    expect(new Set(keys).size).toBe(keys.length);
    const types = new Set(json.findings.map((f) => f.errorType));
    for (const t of ['character', 'format', 'localpart', 'domainpart', 'topleveldomain', 'length', 'blank', 'duplicate', 'primary', 'mismatch', 'unverified', 'count', 'size']) {
      expect(types, t).toContain(t);
    }
    for (const f of json.findings.filter((x) => x.errorType === 'duplicate')) expect(f.relatedDns?.length).toBeGreaterThan(0);
  });

  it('flags none of IdFix\'s false positives', () => {
    const flagged = (needle: string): string[] => json.findings.filter((f) => f.value?.includes(needle) || f.dn.includes(needle)).map((f) => f.ruleId);
    expect(flagged("O'Brien")).toEqual([]);
    expect(json.findings.filter((f) => f.value?.startsWith('X500:') || f.value?.startsWith('X400:'))).toEqual([]);
    expect(json.findings.filter((f) => f.errorType === 'topleveldomain' && /\.app$|\.xn--p1ai$/.test(f.value ?? ''))).toEqual([]);
    const kenji = json.excluded.find((e) => e.dn.includes('Iwamoto Kenji') || e.dn.includes('Guest\\, Anna'));
    expect(kenji).toBeUndefined();
  });

  it('writes findings.csv with IdFix columns first, one row per finding, readable by an RFC 4180 reader', async () => {
    const text = readFileSync(join(out, 'findings.csv'), 'utf8');
    expect(text.split('\r\n')[0]).toBe('\ufeffDISTINGUISHEDNAME,COMMONNAME,OBJECTCLASS,ATTRIBUTE,ERROR,VALUE,UPDATE,ACTION,RULEID,SEVERITY,RELATEDDNS,SOURCE,REASON');
    const rows = await csv(text.replace('DISTINGUISHEDNAME', 'DN'));
    expect(rows).toHaveLength(json.findings.length);
    expect(rows[0]!.dn).toBe(json.findings[0]!.dn);
    expect(rows.find((row) => row.dn.includes('Guest\\, Anna'))?.attributes.get('commonname')).toEqual(['Guest, Anna']);
  });

  it('records each run in the workspace; a second run keeps the first', () => {
    const again = cli(['--sample', '--out', out, '--quiet']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('assessment #2');
  });
});

describe('bad input', () => {
  it.each([
    [['--input', 'missing.ldif', '--out', 'x'], /missing\.ldif: file not found/],
    [['--sample'], /--out DIR is required/],
    [['--sample', '--sample', '--out', 'x'], /--sample can be given once/],
    [['--out', 'x'], /give a source/],
    [['--sample', '--out', 'x', '--cloud', 'moon'], /--cloud must be one of gcc, gcc-high, dod/],
    [['--sample', '--out', 'x', '--bogus'], /Unknown option '--bogus'/],
    [['--sample', '--out', 'x', '--scope-filter', '(a=b'], /--scope-filter: Expected "\)"/],
  ])('%j exits 2 with one line', (args, message) => {
    const d = tmp();
    const r = cli(args.map((a) => (a === 'x' ? d : a)));
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a malformed export: exit 2, file and line named, the workspace keeps the run as failed', () => {
    const d = tmp();
    const file = join(d, 'broken.ldif');
    writeFileSync(file, 'version: 1\n\ndn: CN=A,DC=x\nmail: a@x.gov\n\ndn: CN=B,DC=x\nmail:: %%%\n');
    const r = cli(['--input', file, '--out', d, '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`error: ${file}:7: invalid base64 value after "::"`);
  });

  it('--help gives the ldifde and PowerShell export commands', () => {
    const r = cli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('ldifde -f ad-export.ldif');
    expect(r.stdout).toContain('Export-Csv -Path ad-export.csv -NoTypeInformation');
  });
});

describe('an export that left attributes out', () => {
  it('says so in the summary, in findings.json and on the terminal, and is not called ready', () => {
    const d = tempDir('cli');
    const fixture = join(import.meta.dirname, '../fixtures/exports/get-aduser-export-csv.csv');
    const r = cli(['--input', fixture, '--out', join(d, 'out')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Readiness +\d+(\.\d)?\/100, not called ready: Incomplete: The export left out /);
    expect(r.stdout).toMatch(/Coverage +get-aduser-export-csv\.csv has no column for .*proxyAddresses/);
    const json = JSON.parse(readFileSync(join(d, 'out', 'findings.json'), 'utf8')) as { summary: { coverage: { notes: string[]; notAssessedRules: string[] } } };
    expect(r.stdout).toContain(json.summary.coverage.notes[0]);
    expect(json.summary.coverage.notAssessedRules).toContain('proxyaddresses.blank');
  });
});

describe('offline exports of the same directory agree', () => {
  it('CSV written the way the README PowerShell command writes it gives the same findings as LDIF', () => {
    const d = tmp();
    const ldifPath = join(d, 'x.ldif');
    writeFileSync(ldifPath, 'dn: CN=Doe\\, Jane,OU=S,DC=a,DC=gov\nobjectClass: user\nsAMAccountName: jdoe\nuserPrincipalName: jane doe@a.gov\nmail: jane@a.gov\nproxyAddresses: smtp:jane@a.gov\nproxyAddresses: X400:C=US;A= ;P=A;O=E;S=Doe;G=Jane;\n\n');
    const csvPath = join(d, 'x.csv');
    // Every column the command writes, most of them empty for this object.
    const values: Record<string, string> = { objectClass: 'user', sAMAccountName: 'jdoe', userPrincipalName: 'jane doe@a.gov', mail: 'jane@a.gov', proxyAddresses: 'smtp:jane@a.gov;X400:C=US;A= ;P=A;O=E;S=Doe;G=Jane;' };
    const quoted = (cells: string[]) => cells.map((c) => `"${c}"`).join(',');
    writeFileSync(csvPath, `${quoted(['DistinguishedName', ...EXPORT_ATTRIBUTES])}\n${quoted(['CN=Doe\\, Jane,OU=S,DC=a,DC=gov', ...EXPORT_ATTRIBUTES.map((a) => values[a] ?? '')])}\n`);
    const strip = (p: string): unknown => (JSON.parse(readFileSync(p, 'utf8')) as FindingsJson).findings;
    expect(cli(['--input', ldifPath, '--out', join(d, 'l'), '--quiet']).status).toBe(0);
    expect(cli(['--input', csvPath, '--out', join(d, 'c'), '--quiet']).status).toBe(0);
    const fromLdif = strip(join(d, 'l', 'findings.json'));
    expect(strip(join(d, 'c', 'findings.json'))).toEqual(fromLdif);
    expect((fromLdif as unknown[]).length).toBeGreaterThan(0);
  });
});

describe('--password-stdin on a terminal', () => {
  /** The CLI on a pseudo-terminal (Python's pty, from Debian's python3): what a person typing at it sees. */
  function onTerminal(args: string[], typed: string): { screen: string; status: number } {
    ensureDebianPackages([{ command: '/usr/bin/python3', package: 'python3' }]);
    const driver = `
import json, os, pty, sys, time
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out = b''
def read_until(marker, limit=20):
    global out
    end = time.time() + limit
    while marker not in out and time.time() < end:
        try: out += os.read(fd, 4096)
        except OSError: break
read_until(b'Password for')
os.write(fd, ${JSON.stringify(typed)}.encode() + b'\\r')
read_until(b'\\x00never', 20)
_, status = os.waitpid(pid, 0)
print(json.dumps({'screen': out.decode('utf-8', 'replace'), 'status': os.waitstatus_to_exitcode(status)}))`;
    const r = spawnSync('/usr/bin/python3', ['-c', driver, process.execPath, 'main/cli.ts', ...args], { cwd: join(import.meta.dirname, '../..'), encoding: 'utf8', timeout: 60_000 });
    return JSON.parse(r.stdout) as { screen: string; status: number };
  }

  it('prompts for the password and does not echo it as it is typed', () => {
    const secret = 'Tr0ub4dor&3-never-shown';
    const { screen, status } = onTerminal(['--ldap', 'ldaps://127.0.0.1:1', '--bind', 'assessor@agency.gov', '--password-stdin', '--out', tempDir('tty'), '--quiet'], secret);
    expect(screen).toContain('Password for assessor@agency.gov: ');
    expect(screen).not.toContain(secret);
    // It was read: the run went on to connect (nothing listens on port 1) and says so in one line.
    expect(screen).toMatch(/error: .*127\.0\.0\.1:1 refused the connection/);
    expect(status).toBe(1);
  });
});

describe('input text is printed without its control characters', () => {
  it('an escape sequence in a bad line of an export reaches the terminal as text, not as a command to it', () => {
    const dir = tmp();
    const file = join(dir, 'export.ldif');
    writeFileSync(file, 'version: 1\n\ndn: CN=A,DC=x\n\u001b]0;owned\u0007\u001b[2Jbroken line\n');
    const r = cli(['--input', file, '--out', join(dir, 'out'), '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.stderr).toContain('\\x1b]0;owned\\x07\\x1b[2J');
  });
});

describe('several forests in one run (--input repeated)', () => {
  const USER = ['top', 'person', 'organizationalPerson', 'user'];
  /** An export of 51 users of one forest; user 7 of each holds the same UPN. */
  function forest(dir: string, name: string, domain: string): string {
    const entries = Array.from({ length: 51 }, (_, i) =>
      entryText(`CN=User ${i},OU=Staff,DC=${name},DC=gov`, [
        ['objectClass', USER],
        ['sAMAccountName', `${name}${i}`],
        ['userPrincipalName', i === 7 ? 'shared.person@agency.gov' : `user${i}@${domain}`],
        ['mail', i === 7 ? 'shared.person@agency.gov' : `user${i}@${domain}`],
      ]),
    );
    const path = join(dir, `${name}.ldif`);
    writeFileSync(path, `version: 1\n\n${entries.join('')}`);
    return path;
  }

  it('assesses both, finds the UPN shared across them, labels every finding with its source and counts each', () => {
    const dir = tmp();
    const a = forest(dir, 'east', 'east.agency.gov');
    const b = forest(dir, 'west', 'west.agency.gov');
    const r = cli(['--input', a, '--input', b, '--out', join(dir, 'out'), '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Sources\n   1. east.ldif: 51 objects (51 in scope)');
    expect(r.stdout).toContain('   2. west.ldif: 51 objects (51 in scope)');
    const json = JSON.parse(readFileSync(join(dir, 'out', 'findings.json'), 'utf8')) as Omit<FindingsJson, 'findings'> & { findings: (FindingsJson['findings'][number] & { sourceId: number })[]; summary: { sources: { id: number; label: string; objects: number; findings: number }[] } };
    expect(json.summary.objects).toBe(102);
    expect(json.summary.sources.map((s) => [s.id, s.label, s.objects])).toEqual([
      [1, 'east.ldif', 51],
      [2, 'west.ldif', 51],
    ]);
    const upn = json.findings.filter((f) => f.ruleId === 'userprincipalname.duplicate');
    expect(upn.map((f) => [f.dn, f.sourceId, f.relatedDns])).toEqual([
      ['CN=User 7,OU=Staff,DC=east,DC=gov', 1, ['CN=User 7,OU=Staff,DC=west,DC=gov']],
      ['CN=User 7,OU=Staff,DC=west,DC=gov', 2, ['CN=User 7,OU=Staff,DC=east,DC=gov']],
    ]);
    expect(json.summary.sources.map((s) => s.findings)).toEqual([1, 2].map((id) => json.findings.filter((f) => f.sourceId === id).length));
    const csvText = readFileSync(join(dir, 'out', 'findings.csv'), 'utf8');
    expect(csvText).toMatch(/CN=User 7,OU=Staff,DC=west,DC=gov.*,west\.ldif,\r\n/);
  });

  it('the same export given twice is refused: it would hold every object twice', () => {
    const dir = tmp();
    const a = forest(dir, 'east', 'east.agency.gov');
    const r = cli(['--input', a, '--input', a, '--out', join(dir, 'out'), '--quiet']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/east\.ldif:3: repeats the entry of line 3 of east\.ldif, "CN=User 0,OU=Staff,DC=east,DC=gov"/);
  });
});

describe('never a false "ready" (domain.md §8)', () => {
  /** Shapes people export by mistake: the configuration partition (crossRef and nTDSDSA entries, as ldifde writes them), schema records, entries with no objectClass. */
  const configurationPartition = [
    'dn: CN=Partitions,CN=Configuration,DC=agency,DC=gov\nchangetype: add\nobjectClass: top\nobjectClass: crossRefContainer\nmsDS-Behavior-Version: 7\nuPNSuffixes: agency.gov\n',
    'dn: CN=AGENCY,CN=Partitions,CN=Configuration,DC=agency,DC=gov\nchangetype: add\nobjectClass: top\nobjectClass: crossRef\nnETBIOSName: AGENCY\ndnsRoot: agency.gov\n',
    'dn: CN=NTDS Settings,CN=DC1,CN=Servers,CN=HQ,CN=Sites,CN=Configuration,DC=agency,DC=gov\nchangetype: add\nobjectClass: top\nobjectClass: applicationSettings\nobjectClass: nTDSDSA\n',
  ].join('\n');
  const schemaRecords = 'dn: CN=Mail-Recipient,CN=Schema,CN=Configuration,DC=agency,DC=gov\nchangetype: add\nobjectClass: top\nobjectClass: classSchema\nlDAPDisplayName: mailRecipient\n';
  const noObjectClass = (n: number) => Array.from({ length: n }, (_, i) => `dn: CN=Entry ${i},OU=Staff,DC=agency,DC=gov\ncn: Entry ${i}\nuserPrincipalName: entry${i}@agency.gov\n`).join('\n');

  it.each([
    ['the configuration partition', configurationPartition, /None of the 3 entries read is a user, contact or group\./],
    ['schema records', schemaRecords, /The one entry read is not a user, contact or group\./],
    ['entries without objectClass', noObjectClass(5), /5 of the 5 entries carry no objectClass/],
    ['an empty file', '', /The input holds no entry at all\./],
  ])('%s: "not assessed", with the reason in words, no score, and never ready', (_name, body, reason) => {
    const dir = tmp();
    const file = join(dir, 'export.ldf');
    writeFileSync(file, body === '' ? '' : `version: 1\n\n${body}`);
    const r = cli(['--input', file, '--out', join(dir, 'out'), '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Readiness {6}Not assessed: no user, contact or group was read\./);
    expect(r.stdout).toMatch(reason);
    expect(r.stdout).not.toMatch(/ready to synchronize|\/100/);
    const json = JSON.parse(readFileSync(join(dir, 'out', 'findings.json'), 'utf8')) as FindingsJson & { summary: { readiness: { status: string; reason: string }; readyToSynchronize: boolean } };
    expect(json.summary.readiness.status).toBe('not-assessed');
    expect(json.summary.readiness.reason).toMatch(reason);
    expect(json.summary.readyToSynchronize).toBe(false);
    expect(json.summary.scores.overall).toBeNull();
  });

  it('more than 1 % of the entries without objectClass: "incomplete", counted and named, not called ready', () => {
    const dir = tmp();
    const file = join(dir, 'export.ldif');
    const users = Array.from({ length: 20 }, (_, i) => entryText(`CN=User ${i},OU=Staff,DC=agency,DC=gov`, [['objectClass', ['top', 'person', 'organizationalPerson', 'user']], ['sAMAccountName', `u${i}`], ['userPrincipalName', `u${i}@agency.gov`]]));
    writeFileSync(file, `version: 1\n\n${users.join('')}${noObjectClass(3)}`);
    const r = cli(['--input', file, '--out', join(dir, 'out'), '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Unreadable     3 entries without objectClass, e.g. CN=Entry 0,OU=Staff,DC=agency,DC=gov; CN=Entry 1,OU=Staff,DC=agency,DC=gov; CN=Entry 2,OU=Staff,DC=agency,DC=gov');
    expect(r.stdout).toMatch(/Readiness {6}[\d.]+\/100, not called ready: Incomplete: 3 of the 23 entries carry no objectClass/);
    const json = JSON.parse(readFileSync(join(dir, 'out', 'findings.json'), 'utf8')) as FindingsJson & { summary: { readiness: { status: string }; readyToSynchronize: boolean; unreadableEntries: number } };
    expect([json.summary.readiness.status, json.summary.readyToSynchronize, json.summary.unreadableEntries]).toEqual(['incomplete', false, 3]);
  });
});

describe('a value shared by thousands of objects (a placeholder address)', () => {
  /** `holders` users who all carry the same placeholder mail, as unprepared directories do. */
  function placeholderDirectory(dir: string, holders: number): string {
    const users = Array.from({ length: holders }, (_, i) =>
      entryText(`CN=User ${String(i).padStart(5, '0')},OU=Staff,DC=agency,DC=gov`, [
        ['objectClass', ['top', 'person', 'organizationalPerson', 'user']],
        ['sAMAccountName', `user${i}`],
        ['userPrincipalName', `user${i}@agency.gov`],
        ['mail', 'noreply@agency.gov'],
      ]),
    );
    const path = join(dir, `placeholder-${holders}.ldif`);
    writeFileSync(path, `version: 1\n\n${users.join('')}`);
    return path;
  }

  it('is one group with all its holders, written once: findings.json and findings.csv grow with the findings, not with their square', () => {
    const sizes: Record<number, { json: number; csv: number }> = {};
    for (const holders of [1000, 2000]) {
      const dir = tmp();
      const r = cli(['--input', placeholderDirectory(dir, holders), '--out', join(dir, 'out'), '--quiet']);
      expect(r.status, r.stderr).toBe(0);
      const text = readFileSync(join(dir, 'out', 'findings.json'), 'utf8');
      const csvText = readFileSync(join(dir, 'out', 'findings.csv'), 'utf8');
      sizes[holders] = { json: text.length, csv: csvText.length };
      const json = JSON.parse(text) as Omit<FindingsJson, 'findings'> & { findings: { ruleId: string; duplicateGroup?: number; holders?: number; relatedDns?: string[] }[]; duplicateGroups: { id: number; value: string; holders: number; dns: string[] }[] };
      expect(json.duplicateGroups).toHaveLength(1);
      expect(json.duplicateGroups[0]).toMatchObject({ id: 1, value: 'noreply@agency.gov', holders });
      expect(json.duplicateGroups[0]!.dns).toHaveLength(holders);
      const duplicates = json.findings.filter((f) => f.ruleId === 'mail.duplicate');
      expect(duplicates).toHaveLength(holders);
      expect(duplicates.every((f) => f.duplicateGroup === 1 && f.holders === holders && f.relatedDns!.length === 5)).toBe(true);
      expect(csvText).toContain(`; and ${(holders - 6).toLocaleString('en-US')} more`);
    }
    // Twice the holders, about twice the bytes (a list of every other holder per finding would be four times).
    expect(sizes[2000]!.json / sizes[1000]!.json).toBeLessThan(2.2);
    expect(sizes[2000]!.csv / sizes[1000]!.csv).toBeLessThan(2.2);
    expect(sizes[2000]!.json / 2000).toBeLessThan(2000);
  });
});

describe('the date of the data (domain.md §8)', () => {
  const DAY = 86_400_000;
  /** Two users, one of whom last logged on 100 days before the newest whenChanged: stale as of the data, whatever the file's time. */
  function exportWithWhenChanged(dir: string): string {
    const asOf = Date.UTC(2025, 10, 19, 4, 26, 40);
    const filetime = (ms: number) => String(BigInt(ms) * 10_000n + 116_444_736_000_000_000n);
    const users = [
      ['Old', asOf - 100 * DAY],
      ['Recent', asOf - 10 * DAY],
    ].map(([cn, logon], i) =>
      entryText(`CN=${cn},OU=Staff,DC=agency,DC=gov`, [
        ['objectClass', ['top', 'person', 'organizationalPerson', 'user']],
        ['sAMAccountName', `u${i}`],
        ['userPrincipalName', `u${i}@agency.gov`],
        ['lastLogonTimestamp', filetime(logon as number)],
        ['whenChanged', i === 1 ? '20251119042640.0Z' : '20250101000000.0Z'],
      ]),
    );
    const path = join(dir, 'copied.ldif');
    writeFileSync(path, `version: 1\n\n${users.join('')}`);
    // The file was copied today (scp, git, unzip): its time is the copy's, a year after the data.
    return path;
  }
  const staleCount = (out: string) => (JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as FindingsJson).summary.directoryChecks.find((c) => c.id === 'accounts.stale')!.count;

  it("takes the newest whenChanged when the file's time is a copy's, and says why", () => {
    const dir = tmp();
    const r = cli(['--input', exportWithWhenChanged(dir), '--out', join(dir, 'out'), '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Data as of {5}2025-11-19 \(the newest whenChanged in the data, not the file's time \(\d{4}-\d{2}-\d{2}, \d+ days apart: a file copied by scp, git or unzip carries the copy's time\)\)/);
    expect(staleCount(join(dir, 'out'))).toBe(1);
  });

  it('--as-of states the date: both users are stale counted back from a year later', () => {
    const dir = tmp();
    const r = cli(['--input', exportWithWhenChanged(dir), '--out', join(dir, 'out'), '--as-of', '2026-11-19', '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Data as of     2026-11-19 (given with --as-of)');
    expect(staleCount(join(dir, 'out'))).toBe(2);
    expect(cli(['--sample', '--out', join(dir, 'x'), '--as-of', 'last tuesday']).stderr).toContain('--as-of must be a date such as 2025-11-19 (got "last tuesday")');
  });
});
