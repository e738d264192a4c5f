import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileSource } from '../../../main/directory/file-source.ts';
import { SourceError } from '../../../main/directory/source-error.ts';
import type { AssessmentOptions } from '../../../main/engine/assess.ts';
import { runAssessment as assess, AssessmentCancelled } from '../../../main/runs/run-assessment.ts';
import { filetimeOf } from '../../../main/engine/infrastructure.ts';
import { iterateFindings } from '../../../main/store/queries.ts';
import { Workspace } from '../../../main/store/workspace.ts';
import { entryText } from '../../../main/reports/ldif-writer.ts';
import type { Finding } from '../../../shared/findings.ts';
import { runOptions } from '../../helpers.ts';
import { tempDir } from '../../temp-dirs.ts';

const dir = (): string => tempDir('engine');

function options(tenantDomains: string[] = []): AssessmentOptions {
  return runOptions({ tenantDomains });
}

const USER = ['top', 'person', 'organizationalPerson', 'user'];
const person = (cn: string, attrs: [string, string | string[]][]): string =>
  entryText(`CN=${cn},OU=Staff,DC=agency,DC=gov`, [['objectClass', USER], ['sAMAccountName', cn.toLowerCase()], ...attrs]);

function ldifFile(d: string, text: string): string {
  const path = join(d, 'export.ldif');
  writeFileSync(path, `version: 1\n\n${text}`);
  return path;
}

async function run(text: string, tenantDomains: string[] = []): Promise<{ ws: Workspace; findings: Finding[]; summary: Awaited<ReturnType<typeof assess>>['summary']; id: number }> {
  const d = dir();
  const ws = new Workspace(join(d, 'w.sqlite'));
  const { assessmentId, summary } = await assess(ws, openFileSource(ldifFile(d, text)), options(tenantDomains));
  return { ws, findings: [...iterateFindings(ws.db, assessmentId)], summary, id: assessmentId };
}

describe('uniqueness across objects', () => {
  it('UPN, mail and SMTP proxies share one namespace; both holders get a finding naming the other', async () => {
    const { findings } = await run(
      person('Ann', [['userPrincipalName', 'ann@agency.gov'], ['mail', 'ann@agency.gov'], ['mailNickname', 'ann'], ['proxyAddresses', ['SMTP:ann@agency.gov']]]) +
        person('Bob', [['userPrincipalName', 'bob@agency.gov'], ['mail', 'bob@agency.gov'], ['mailNickname', 'bob'], ['proxyAddresses', ['SMTP:bob@agency.gov', 'smtp:ANN@agency.gov ']]]),
    );
    const dups = findings.filter((f) => f.errorType === 'duplicate').map((f) => `${f.dn.slice(3, 6)} ${f.attribute} ${f.value} → ${f.relatedDns?.join('|')}`);
    expect(dups.sort()).toEqual([
      'Ann mail ann@agency.gov → CN=Bob,OU=Staff,DC=agency,DC=gov',
      'Ann proxyAddresses SMTP:ann@agency.gov → CN=Bob,OU=Staff,DC=agency,DC=gov',
      'Ann userPrincipalName ann@agency.gov → CN=Bob,OU=Staff,DC=agency,DC=gov',
      'Bob proxyAddresses smtp:ANN@agency.gov  → CN=Ann,OU=Staff,DC=agency,DC=gov',
    ]);
    expect(findings.filter((f) => f.errorType === 'duplicate').every((f) => f.suggestedValue === undefined)).toBe(true);
  });

  it('a clean object that turns out to hold a duplicate gets its row, with its unique values as its snapshot', async () => {
    const { ws, id } = await run(
      person('Ann', [['userPrincipalName', 'ann@agency.gov'], ['mail', 'ann@agency.gov'], ['mailNickname', 'ann'], ['proxyAddresses', ['SMTP:ann@agency.gov']]]) +
        person('Cal', [['userPrincipalName', 'cal@agency.gov'], ['mail', 'cal@agency.gov'], ['mailNickname', 'cal'], ['proxyAddresses', ['SMTP:cal@agency.gov']]]) +
        person('Bob', [['userPrincipalName', 'bob@agency.gov'], ['mail', 'bob@agency.gov'], ['mailNickname', 'bob'], ['proxyAddresses', ['SMTP:bob@agency.gov', 'smtp:ann@agency.gov']]]),
    );
    const rows = ws.db.prepare('SELECT dn, in_scope, mail_enabled, attributes_json, unique_values FROM objects WHERE assessment_id = ? ORDER BY id').all(id) as Record<string, unknown>[];
    // Cal is clean and shares nothing: no row. Ann and Bob looked clean when read, and get theirs
    // once Bob's proxy address turns out to be Ann's.
    expect(rows.map((r) => String(r.dn).slice(3, 6))).toEqual(['Ann', 'Bob']);
    const ann = rows[0]!;
    expect(ann).toMatchObject({ in_scope: 1, mail_enabled: 1 });
    expect(JSON.parse(String(ann.attributes_json))).toEqual({ userprincipalname: ['ann@agency.gov'], samaccountname: ['ann'], mail: ['ann@agency.gov'], proxyaddresses: ['SMTP:ann@agency.gov'], mailnickname: ['ann'] });
    expect(String(ann.unique_values)).toContain('SMTP:ann@agency.gov');
    ws.close();
  });

  it('a duplicate is stored while the run streams; holders read in later blocks are named in every finding of the group', async () => {
    // Entries are assessed 2,000 to a block: "spread" has holders in the first, second and third
    // blocks; "pair" is complete in the first block and never grows.
    const nickname: Record<number, string> = { 0: 'spread', 1: 'pair', 2: 'pair', 2500: 'spread', 4400: 'spread' };
    const user = (n: number): string =>
      person(`U${n}`, [['userPrincipalName', `u${n}@agency.gov`], ['mail', `u${n}@agency.gov`], ['mailNickname', nickname[n] ?? `nick${n}`], ['proxyAddresses', [`SMTP:u${n}@agency.gov`]]]);
    const last = person('Late', [['userPrincipalName', 'late user@agency.gov']]);
    const { ws, id, findings, summary } = await run(Array.from({ length: 4500 }, (_, n) => user(n)).join('') + last);
    const dup = findings.filter((f) => f.errorType === 'duplicate');
    const holders = (value: string): Record<string, string[]> =>
      Object.fromEntries(dup.filter((f) => f.value === value).map((f) => [f.dn.slice(3, f.dn.indexOf(',')), (f.relatedDns ?? []).map((d) => d.slice(3, d.indexOf(',')))]));
    expect(holders('spread')).toEqual({ U0: ['U2500', 'U4400'], U2500: ['U0', 'U4400'], U4400: ['U0', 'U2500'] });
    expect(holders('pair')).toEqual({ U1: ['U2'], U2: ['U1'] });
    expect(dup).toHaveLength(5);
    expect(summary.byRule.find((r) => r.ruleId === 'mailnickname.duplicate')).toMatchObject({ findings: 5, affectedObjects: 5 });
    // Stored as the groups formed: the first block's pair before anything read after it.
    const order = ws.db.prepare('SELECT value, dn FROM findings WHERE assessment_id = ? ORDER BY id').all(id) as { value: string; dn: string }[];
    const at = (pred: (r: { value: string; dn: string }) => boolean): number => order.findIndex(pred);
    expect(at((r) => r.value === 'pair')).toBeLessThan(at((r) => r.dn.startsWith('CN=U2500,')));
    expect(at((r) => r.dn.startsWith('CN=U2500,'))).toBeLessThan(at((r) => r.dn.startsWith('CN=Late,')));
    ws.close();
  });

  it('an object repeating its own address across attributes is not a duplicate; excluded objects never collide', async () => {
    const { findings } = await run(
      person('Ann', [['userPrincipalName', 'ann@agency.gov'], ['mail', 'ann@agency.gov'], ['mailNickname', 'ann'], ['proxyAddresses', ['SMTP:ann@agency.gov', 'smtp:ann@agency.gov']]]) +
        person('Sys', [['isCriticalSystemObject', 'TRUE'], ['mail', 'ann@agency.gov']]),
    );
    expect(findings).toEqual([]);
  });

  it('three holders of one nickname: each names the two others; sAMAccountName duplicates are warnings while the UPN is valid', async () => {
    const { findings, summary } = await run(
      ['A', 'B', 'C'].map((n) => person(`User${n}`, [['userPrincipalName', `u${n}@agency.gov`], ['mail', `u${n}@agency.gov`], ['mailNickname', 'shared'], ['proxyAddresses', [`SMTP:u${n}@agency.gov`]]])).join('') +
        entryText('CN=Dup,OU=Other,DC=agency,DC=gov', [['objectClass', USER], ['sAMAccountName', 'usera'], ['userPrincipalName', 'bad upn@agency.gov']]),
    );
    const nick = findings.filter((f) => f.ruleId === 'mailnickname.duplicate');
    expect(nick).toHaveLength(3);
    for (const f of nick) expect(f.relatedDns).toHaveLength(2);
    const sam = findings.filter((f) => f.ruleId === 'samaccountname.duplicate').map((f) => `${f.dn.split(',')[0]} ${f.severity}`);
    expect(sam.sort()).toEqual(['CN=Dup error', 'CN=UserA warning']);
    expect(summary.byRule.find((r) => r.ruleId === 'mailnickname.duplicate')?.affectedObjects).toBe(3);
  });

  const COLLIDING =
    person('Taken', [['userPrincipalName', 'jdoe@agency.gov'], ['mailNickname', 'jdoe'], ['mail', 'jdoe@agency.gov'], ['proxyAddresses', ['SMTP:jdoe@agency.gov']]]) +
    person('One', [['userPrincipalName', 'j doe@agency.gov'], ['mail', 'one@agency.gov'], ['proxyAddresses', ['SMTP:one@agency.gov']], ['mailNickname', 'j doe']]) +
    person('Two', [['userPrincipalName', 'j.doe@agency.gov'], ['mail', 'two@agency.gov'], ['proxyAddresses', ['SMTP:two@agency.gov']], ['mailNickname', 'jdoe ']]);

  function expectUniqueSuggestions(findings: Finding[]): void {
    const suggestions = findings.filter((f) => f.attribute === 'mailNickname' && f.suggestedValue).map((f) => f.suggestedValue);
    expect(new Set(suggestions).size).toBe(suggestions.length);
    expect(suggestions).not.toContain('jdoe');
    const upn = findings.find((f) => f.attribute === 'userPrincipalName' && f.errorType === 'character');
    expect(upn?.suggestedValue).toBe('jdoe2@agency.gov');
  }

  it("a suggestion never collides with another object's value, nor with another suggestion", async () => {
    expectUniqueSuggestions((await run(COLLIDING)).findings);
  });

  it("a later run in the same workspace settles its own suggestions, after the earlier runs' findings", async () => {
    const { ws } = await run(COLLIDING);
    const d = dir();
    const again = await assess(ws, openFileSource(ldifFile(d, COLLIDING)), options());
    expectUniqueSuggestions([...iterateFindings(ws.db, again.assessmentId)]);
    ws.close();
  });
});

describe('runs in the store', () => {
  it('a failed import is recorded as failed and never damages an earlier assessment', async () => {
    const d = dir();
    const ws = new Workspace(join(d, 'w.sqlite'));
    const good = await assess(ws, openFileSource(ldifFile(d, person('Ann', [['userPrincipalName', 'ann agency.gov']]))), options());
    const before = [...iterateFindings(ws.db, good.assessmentId)];
    const badPath = join(d, 'bad.ldif');
    writeFileSync(badPath, `${person('Bob', [['userPrincipalName', 'bob agency.gov']]).repeat(3)}dn: CN=X,DC=x\nbroken line\n`);
    const err = await assess(ws, openFileSource(badPath), options()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    const runs = ws.listAssessments();
    expect(runs.map((r) => r.status)).toEqual(['completed', 'failed']);
    expect(runs[1]!.error).toContain('bad.ldif:');
    expect(ws.db.prepare('SELECT count(*) AS n FROM findings WHERE assessment_id = ?').get(runs[1]!.id)).toEqual({ n: 0 });
    expect([...iterateFindings(ws.db, good.assessmentId)]).toEqual(before);
    ws.close();
  });

  it('a cancelled run keeps duplicate findings that name every holder it read', async () => {
    const d = dir();
    const ws = new Workspace(join(d, 'w.sqlite'));
    // "shared" is held by two objects of the first block of 2,000 entries and one of the second;
    // the run is cancelled while the second block is read (cancelling is seen once it is merged),
    // so the third is never merged.
    const holders = new Set([0, 1, 2500, 4200]);
    const text = Array.from({ length: 4500 }, (_, i) => person(`U${i}`, [['userPrincipalName', `u${i}@agency.gov`], ['mailNickname', holders.has(i) ? 'shared' : `n${i}`]])).join('');
    const controller = new AbortController();
    const control = { signal: controller.signal, progressEveryMs: 0, keepPartial: true, onProgress: (p: { objects: number }) => p.objects >= 2000 && controller.abort() };
    const err = await assess(ws, openFileSource(ldifFile(d, text)), options(), control).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AssessmentCancelled);
    const [r] = ws.listAssessments();
    const named = (ws.db.prepare(`SELECT dn, related_dns_json AS related FROM findings WHERE assessment_id = ? AND error_type = 'duplicate'`).all(r!.id) as { dn: string; related: string }[])
      .map((f) => `${f.dn.split(',')[0]} -> ${(JSON.parse(f.related) as string[]).map((x) => x.split(',')[0]).join(' ')}`)
      .sort();
    expect(named).toEqual(['CN=U0 -> CN=U1 CN=U2500', 'CN=U1 -> CN=U0 CN=U2500', 'CN=U2500 -> CN=U0 CN=U1']);
    ws.close();
  });

  it('a cancelled run is recorded as interrupted; its rows are removed unless asked to be kept', async () => {
    const d = dir();
    const ws = new Workspace(join(d, 'w.sqlite'));
    const text = Array.from({ length: 3000 }, (_, i) => person(`U${i}`, [['userPrincipalName', `u${i} x@agency.gov`]])).join('');
    const file = ldifFile(d, text);
    const rows = (id: number) => (ws.db.prepare('SELECT count(*) AS n FROM objects WHERE assessment_id = ?').get(id) as { n: number }).n;
    for (const keepPartial of [false, true]) {
      const controller = new AbortController();
      controller.abort();
      await expect(assess(ws, openFileSource(file), options(), { signal: controller.signal, keepPartial })).rejects.toBeInstanceOf(AssessmentCancelled);
    }
    const [dropped, kept] = ws.listAssessments();
    expect([dropped!.status, kept!.status]).toEqual(['interrupted', 'interrupted']);
    expect(rows(dropped!.id)).toBe(0);
    expect(rows(kept!.id)).toBeGreaterThan(0);
    ws.close();
  });
});

describe('stale logons count back from the date of the data (domain.md §5)', () => {
  const DAY = 86_400_000;
  const loggedOn = (cn: string, daysBefore: number, asOf: Date): string =>
    person(cn, [['userPrincipalName', `${cn.toLowerCase()}@agency.gov`], ['lastLogonTimestamp', String(filetimeOf(new Date(asOf.getTime() - daysBefore * DAY)))]]);
  const staleCheck = (summary: { directoryChecks: { id: string; count?: number; examples?: string[]; detail: string }[] }) =>
    summary.directoryChecks.find((c) => c.id === 'accounts.stale')!;

  it("an export's ages count from when its file was written, not from the day it is assessed, read sequentially or in parallel", async () => {
    const exported = new Date('2024-03-01T12:00:00Z');
    const d = dir();
    const path = ldifFile(
      d,
      loggedOn('Gone', 100, exported) + loggedOn('Recent', 10, exported) + person('Never', [['userPrincipalName', 'never@agency.gov'], ['lastLogonTimestamp', '0']]) + person('Unknown', [['userPrincipalName', 'unknown@agency.gov']]),
    );
    utimesSync(path, exported, exported);
    for (const parallelAbove of [Infinity, 0]) {
      const ws = new Workspace(join(d, `w-${parallelAbove}.sqlite`));
      const source = openFileSource(path, 'file', parallelAbove);
      const { summary } = await assess(ws, source, options());
      expect(source.descriptor.asOf).toBe(exported.toISOString());
      expect(staleCheck(summary)).toMatchObject({ count: 1, examples: ['CN=Gone,OU=Staff,DC=agency,DC=gov'] });
      expect(staleCheck(summary).detail).toContain('more than 90 days before 2024-03-01, the date of the data');
      ws.close();
    }
  });
});

describe('an input that holds an object twice (domain.md §8)', () => {
  it('is refused, naming both entries, read sequentially or in parallel, and wherever in the file the copy is', async () => {
    const d = dir();
    const users = Array.from({ length: 5000 }, (_, i) => person(`U${i}`, [['userPrincipalName', `u${i}@agency.gov`]]));
    // The repeat differs in the case of its DN, as AD compares DNs.
    const text = [...users, person('u17', [['userPrincipalName', 'u17@agency.gov']]).replace('CN=u17', 'cn=U17').replace('OU=Staff', 'ou=staff')].join('');
    const path = ldifFile(d, text);
    const lineOf = (cn: string) => text.slice(0, text.indexOf(`dn: ${cn},`)).split('\n').length + 2;
    for (const parallelAbove of [Number.MAX_SAFE_INTEGER, 0]) {
      const ws = new Workspace(join(d, `w-${parallelAbove}.sqlite`));
      const err = (await assess(ws, openFileSource(path, 'file', parallelAbove), options()).catch((e: unknown) => e)) as SourceError;
      expect(err).toBeInstanceOf(SourceError);
      expect(err.line).toBe(lineOf('cn=U17'));
      expect(err.reason).toContain(`repeats the entry of line ${lineOf('CN=U17')}, "CN=U17,OU=Staff,DC=agency,DC=gov"`);
      expect(ws.listAssessments().map((r) => r.status)).toEqual(['failed']);
      ws.close();
    }
  });

  it('objects whose DNs only look alike are not refused', async () => {
    const { summary } = await run(person('Ann Lee', []) + person('AnnLee', []) + person('Ann  Lee', []));
    expect(summary.objects).toBe(3);
  });
});
