import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileSource } from '../../../main/directory/file-source.ts';
import { SourceError } from '../../../main/directory/source-error.ts';
import { runAssessment } from '../../../main/runs/run-assessment.ts';
import { Workspace } from '../../../main/store/workspace.ts';
import { iterateFindings } from '../../../main/store/queries.ts';
import { runOptions } from '../../helpers.ts';
import { tempDir } from '../../temp-dirs.ts';

/** Exports in the shapes real tools write (test/fixtures/exports/README.md names each tool and shape). */
const FIXTURES = join(import.meta.dirname, '../../fixtures/exports');

async function assessFile(path: string | string[], parallelAbove?: number) {
  const ws = new Workspace(join(tempDir('real-exports'), 'w.sqlite'));
  try {
    const sources = (Array.isArray(path) ? path : [path]).map((p) => openFileSource(p, 'file', parallelAbove));
    const { assessmentId, summary } = await runAssessment(ws, sources, runOptions());
    return { summary, findings: [...iterateFindings(ws.db, assessmentId)] };
  } finally {
    ws.close();
  }
}

describe('plain ldapsearch output (no -LLL), saved as .txt', () => {
  it.each([['read here', undefined], ['read by parallel workers', 0]])('reads its entries, and counts the search references and the result trailer it reads past (%s)', async (_how, parallelAbove) => {
    const { summary, findings } = await assessFile(join(FIXTURES, 'ldapsearch-plain.txt'), parallelAbove);
    expect(summary.objects).toBe(2);
    expect(summary.sources[0]!.kind).toBe('ldif');
    expect(summary.sources[0]!.skippedRecords).toEqual({ references: 3, trailers: 1 });
    expect(findings.some((f) => f.dn === 'CN=Guest\\2C Anna,OU=Staff,DC=agency,DC=gov' && f.ruleId === 'userprincipalname.character')).toBe(true);
  });
});

describe('PowerShell Get-ADUser | Export-Csv with its own property names', () => {
  it('maps EmailAddress, Surname, GivenName and Enabled, reads ObjectGUID and SID text, and passes over the type names of collection columns', async () => {
    const { summary, findings } = await assessFile(join(FIXTURES, 'get-aduser-export-csv.csv'));
    expect(summary.objects).toBe(2);
    // EmailAddress is read as mail: Bob's has a space in it.
    expect(findings.filter((f) => f.attribute === 'mail').map((f) => [f.dn, f.errorType])).toContainEqual(['CN=Bob Ray,OU=Staff,DC=agency,DC=gov', 'character']);
    // Enabled False is the disabled bit of userAccountControl.
    expect(summary.directoryChecks.find((c) => c.id === 'accounts.disabled')?.count).toBe(1);
  });

  it('reads the same file written as UTF-16LE without a BOM, and one with CR-only line ends, exactly as the original', async () => {
    const dir = tempDir('real-exports');
    const original = readFileSync(join(FIXTURES, 'get-aduser-export-csv.csv'), 'utf8');
    const utf16 = join(dir, 'users.txt');
    writeFileSync(utf16, Buffer.from(original, 'utf16le'));
    const crOnly = join(dir, 'ldapsearch-cr.ldif');
    writeFileSync(crOnly, readFileSync(join(FIXTURES, 'ldapsearch-plain.txt'), 'utf8').replace(/\n/g, '\r'));
    copyFileSync(join(FIXTURES, 'get-aduser-export-csv.csv'), join(dir, 'users.csv'));
    const [a, b] = await Promise.all([assessFile(join(dir, 'users.csv')), assessFile(utf16)]);
    expect(b.findings).toEqual(a.findings);
    const cr = await assessFile(crOnly);
    expect(cr.summary.objects).toBe(2);
    expect(cr.summary.sources[0]!.skippedRecords).toEqual({ references: 3, trailers: 1 });
  });
});

describe('attributes an export left out (domain.md §8)', () => {
  it('a CSV without a column leaves the rules on it not assessed, never passed, and says which export brings it', async () => {
    // Get-ADUser's default properties: no proxyAddresses, mailNickname, displayName or targetAddress columns.
    const { summary, findings } = await assessFile(join(FIXTURES, 'get-aduser-export-csv.csv'));
    for (const attribute of ['proxyaddresses', 'mailnickname', 'displayname', 'targetaddress']) {
      expect(findings.filter((f) => f.attribute === attribute)).toEqual([]);
      expect(summary.coverage.notAssessedRules).toContain(`${attribute}.blank`);
    }
    // Rules on the columns it has still run; the comparison of the primary address with mail cannot.
    expect(summary.coverage.notAssessedRules).not.toContain('mail.character');
    expect(summary.coverage.notAssessedRules).toContain('proxyaddresses.mismatch');
    expect(findings.some((f) => f.ruleId === 'mail.character')).toBe(true);
    expect(summary.readiness.status).toBe('incomplete');
    expect(summary.readiness.reason).toMatch(/^Incomplete: The export left out .*proxyAddresses.* rules were not assessed \(not passed\).*--help/);
    expect(summary.readyToSynchronize).toBe(false);
    expect(summary.coverage.notes).toEqual([expect.stringMatching(/^get-aduser-export-csv\.csv has no column for .*mailNickname.*, so \d+ rules are not assessed for its objects; nor for .*lastLogonTimestamp.*which the scope and directory checks read\. The command line's --help/)]);
    // Completeness counts only what the export could say.
    expect(summary.mailCompleteness.byAttribute.map((a) => a.attribute)).toEqual(['mail']);
  });

  it('a CSV with every column the rules read has nothing not assessed', async () => {
    const dir = tempDir('real-exports');
    const columns = ['DN', ...(await import('../../../main/directory/export-instructions.ts')).EXPORT_ATTRIBUTES];
    const row = columns.map((c) => ({ DN: 'CN=Ann,OU=Staff,DC=agency,DC=gov', objectClass: 'top;person;organizationalPerson;user', userPrincipalName: 'ann@agency.gov', sAMAccountName: 'ann' })[c] ?? '');
    writeFileSync(join(dir, 'full.csv'), `${columns.join(',')}\n${row.map((v) => `"${v}"`).join(',')}\n`);
    const { summary } = await assessFile(join(dir, 'full.csv'));
    expect(summary.coverage.notAssessedRules).toEqual([]);
    expect(summary.readiness.status).toBe('assessed');
    // Columns present but empty in every row: the LDIF-like note, not a "not assessed".
    expect(summary.coverage.notes).toEqual(['No object in full.csv carries mail, proxyAddresses, mailNickname and displayName: were they exported?']);
  });

  it('an LDIF in which no object carries an attribute says so, and still assesses', async () => {
    const { summary } = await assessFile(join(FIXTURES, 'ldifde.ldf'));
    expect(summary.coverage.notAssessedRules).toEqual([]);
    expect(summary.coverage.notes.every((n) => /^No object in ldifde\.ldf carries .*: (was it|were they) exported\?$/.test(n))).toBe(true);
  });
});

describe('directory checks from an exported configuration partition (domain.md §8)', () => {
  const CONFIGURATION = ['ldifde-configuration.ldf', 'ldifde-schema.ldf', 'ldifde-domain-head.ldf'].map((f) => join(FIXTURES, f));
  const statuses = (checks: { id: string; status: string }[]) => Object.fromEntries(checks.map((c) => [c.id, c.status]));

  it.each([['read here', undefined], ['read by parallel workers', 0]])('assesses them exactly as from a live directory, beside the domain export (%s)', async (_how, parallelAbove) => {
    const { summary } = await assessFile([join(FIXTURES, 'ldifde.ldf'), ...CONFIGURATION], parallelAbove);
    expect(statuses(summary.directoryChecks)).toMatchObject({
      'source.configuration-export': 'info',
      'forest.functional-level': 'pass',
      'domain.functional-level': 'pass',
      'schema.version': 'info',
      'schema.exchange': 'pass',
      'forest.recycle-bin': 'pass',
      'dc.writable': 'pass',
      'domain.netbios': 'pass',
    });
    const check = (id: string) => summary.directoryChecks.find((c) => c.id === id)!;
    expect(check('schema.version').detail).toContain('88 (Windows Server 2019/2022)');
    expect(check('schema.exchange').detail).toContain('15334');
    expect(check('dc.writable').detail).toMatch(/^1 writable and 1 read-only domain controllers listed in the configuration partition/);
    expect(check('dc.writable').table).toEqual([{ name: 'DC01', readOnly: false }, { name: 'RODC-FIELD', readOnly: true }]);
    expect(check('source.configuration-export').detail).toBe('The export holds the configuration and schema entries the directory checks read.');
    // The schema says it; nothing is inferred from the data.
    expect(summary.directoryChecks.some((c) => c.id === 'schema.exchange-attributes')).toBe(false);
    // Declared suffixes are listed even when no user is on them.
    expect(check('upn-suffixes.routable').table).toContainEqual({ suffix: 'field.agency.gov', users: 0, routable: true });
    expect(summary.directory).toMatchObject({ origin: 'export', forestLevel: 7, upnSuffixes: ['agency.gov', 'field.agency.gov'] });
    // The configuration's entries are no objects: the counts are the domain export's.
    expect(summary.objects).toBe(2);
  });

  it('a partial configuration export assesses what it holds and names what it lacks', async () => {
    const { summary } = await assessFile([join(FIXTURES, 'ldifde.ldf'), CONFIGURATION[0]!]);
    const check = (id: string) => summary.directoryChecks.find((c) => c.id === id);
    expect(check('forest.functional-level')?.status).toBe('pass');
    expect(check('source.configuration-export')?.detail).toMatch(/missing: the schema partition \(schema and Exchange versions\)/);
    // Without the schema the Exchange extension is inferred from the data, never failed.
    expect(check('schema.exchange')).toBeUndefined();
    expect(check('schema.exchange-attributes')).toBeDefined();
    expect(check('schema.version')?.status).toBe('not-assessed');
  });

  it('without it, the checks are not assessed and say which export brings them', async () => {
    const { summary } = await assessFile(join(FIXTURES, 'ldifde.ldf'));
    const level = summary.directoryChecks.find((c) => c.id === 'forest.functional-level')!;
    expect(level.status).toBe('not-assessed');
    expect(level.detail).toMatch(/export of the configuration partition/);
  });
});

describe('files that are no export say so in one line, never echoing the file', () => {
  it.each([
    ['a text file', 'These are my meeting notes.\nNothing to see.\n', /is neither an LDIF nor a directory CSV export: its first line is "These are my meeting notes\."/],
    ['binary data', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01, 0x02]), /holds binary data, not a text export/],
    ['UTF-16 big-endian', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('dn: CN=A\n', 'utf16le').swap16()]), /is UTF-16 big-endian: save it as UTF-8/],
    ['an empty CSV', '', /is empty: a CSV export starts with a header line/],
  ])('%s', (name, body, reason) => {
    const path = join(tempDir('real-exports'), name === 'an empty CSV' ? 'export.csv' : 'export.txt');
    writeFileSync(path, body);
    const err = (() => {
      try {
        openFileSource(path);
      } catch (e) {
        return e;
      }
    })() as SourceError;
    expect(err).toBeInstanceOf(SourceError);
    expect(err.message).toMatch(reason);
    expect(err.message.length).toBeLessThan(400);
  });
});

describe('a ranged value an export left unfinished (ldapsearch prints the first range AD returns)', () => {
  it('keeps the group as partial: its size is "at least" what was read, and the large-group check says so', async () => {
    const dir = tempDir('real-exports');
    const members = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `member;range=${from}-${to === 1499 ? '1499' : '*'}: CN=Member ${from + i},OU=People,DC=agency,DC=gov`);
    const group = (cn: string, lines: string[]) => [`dn: CN=${cn},OU=Groups,DC=agency,DC=gov`, 'objectClass: top', 'objectClass: group', `sAMAccountName: ${cn.toLowerCase()}`, 'groupType: -2147483646', ...lines].join('\n');
    const path = join(dir, 'groups.ldif');
    writeFileSync(path, `version: 1\n\n${group('Unfinished', members(0, 1499))}\n\n${group('Complete', members(0, 1499).concat(members(1500, 1600)))}\n`);
    const { summary } = await assessFile(path);
    const check = summary.directoryChecks.find((c) => c.id === 'groups.large')!;
    expect(check.detail).toMatch(/^Largest group: 1,601 members; .* 1 groups' member lists are unfinished in the export \(a member;range=… value without its last range\): their sizes are at least what was read/);
    expect(check.examples).toEqual(['CN=Unfinished,OU=Groups,DC=agency,DC=gov (member list unfinished in the export)']);
  });
});

describe('Samba ldbsearch and Windows ldifde exports', () => {
  it('ldbsearch: entries read, its referrals read past and counted, its record comments ignored', async () => {
    const { summary } = await assessFile(join(FIXTURES, 'ldbsearch.ldif'));
    expect([summary.objects, summary.byClass.user.objects, summary.byClass.group.objects]).toEqual([2, 1, 1]);
    expect(summary.sources[0]!.skippedRecords).toEqual({ references: 2, trailers: 0 });
  });

  it('ldifde: changetype add records, CRLF, a folded value and a base64 UPN', async () => {
    const { summary, findings } = await assessFile(join(FIXTURES, 'ldifde.ldf'));
    expect(summary.objects).toBe(2);
    expect(findings.map((f) => [f.dn.split(',')[0], f.ruleId])).toContainEqual(['CN=Bob Ray', 'userprincipalname.topleveldomain']);
    expect(findings.some((f) => f.value?.includes('FYDIBOHF23SPDLT'))).toBe(false);
  });
});
