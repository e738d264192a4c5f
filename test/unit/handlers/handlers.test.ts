import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { readCsvRecords } from '../../../main/directory/csv-records.ts';
import { csvRow } from '../../../main/reports/csv.ts';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeAppContext, HEADLESS_HOST, openAppContext } from '../../../main/app/app-context.ts';
import { dataFolderOf, rememberDataFolder } from '../../../main/app/data-folder.ts';
import { Workspace } from '../../../main/store/workspace.ts';
import { createHandlers } from '../../../main/handlers/index.ts';
import { NO_KEYRING, type Keyring } from '../../../main/handlers/secret-vault.ts';
import { appUnderTest } from '../../app-under-test.ts';
import { tempDir } from '../../temp-dirs.ts';

const { ctx, call, dispatch } = appUnderTest('handlers');

async function scanSample(engagementId: number): Promise<number> {
  const { scanId } = await call('scans.start', { engagementId, sources: [{ kind: 'sample' }] });
  const done = await ctx.scans.finished(scanId)!;
  expect(done).toMatchObject({ state: 'completed', error: null });
  return done.assessmentId!;
}

afterAll(() => closeAppContext(ctx));

describe('handlers over a real workspace and a real scan worker', () => {
  const engagement = { customer: 'Federal Coastal Resilience Agency', cloud: 'gcc-high' as const, tenantDomains: ['fcra.gov'], routableSuffixes: [], scope: { includeOus: [], excludeOus: [], filter: null, excludeDisabled: false } };

  it('validates every argument before a handler runs, and names what is wrong', async () => {
    expect(await dispatch('nope', {})).toEqual({ error: { code: 'invalid-argument', message: 'unknown channel "nope"' } });
    expect(await dispatch('engagements.save', { ...engagement, cloud: 'commercial' })).toMatchObject({ error: { code: 'invalid-argument', message: expect.stringContaining('cloud') } });
    expect(await dispatch('findings.page', { assessmentId: 1, filter: {}, sort: 'severity', descending: false, offset: 0, limit: 100_000 })).toMatchObject({
      error: { code: 'invalid-argument', message: expect.stringContaining('limit') },
    });
    expect(await dispatch('runs.dashboard', { assessmentId: 999 })).toEqual({ error: { code: 'not-found', message: 'assessment 999 does not exist' } });
  });

  it('scans the sample in a worker, pages and filters findings, and exceptions raise the score on this run and the next', async () => {
    const e = await call('engagements.save', engagement);
    const first = await scanSample(e.id);
    const dash = await call('runs.dashboard', { assessmentId: first });
    expect(dash.totals.objects).toBeGreaterThan(2000);
    expect(dash.overall.score).toBe(dash.overall.adjusted);

    const page = await call('findings.page', { assessmentId: first, filter: { severity: 'blocker' }, sort: 'rule', descending: false, offset: 0, limit: 20 });
    expect(page.rows.length).toBe(20);
    expect(page.rows.every((r) => r.severity === 'blocker')).toBe(true);
    expect(page.totalIsExact).toBe(true);
    expect(page.total).toBe(dash.bySeverity.blocker);
    const groups = await call('findings.groups', { assessmentId: first, by: 'rule', filter: { severity: 'blocker' } });
    expect(groups.reduce((s, g) => s + g.count, 0)).toBe(page.total);

    const target = page.rows[0]!;
    const detail = await call('objects.detail', { assessmentId: first, objectId: target.objectId });
    expect(detail.dn).toBe(target.dn);
    expect(detail.findings.map((f) => f.id)).toContain(target.id);

    const allBlockers = await call('findings.page', { assessmentId: first, filter: { severity: 'blocker' }, sort: 'rule', descending: false, offset: 0, limit: 500 });
    const ids = allBlockers.rows.map((r) => r.id);
    const decided = await call('decisions.exception', { assessmentId: first, findingIds: ids, reason: 'Lab accounts, deleted before go-live' });
    expect(decided.changed).toBe(ids.length);
    expect(decided.projected!.excepted).toBe(ids.length);
    expect(decided.projected!.scores.overall!).toBeGreaterThan(dash.overall.score!);
    expect(decided.projected!.blockers).toBe(0);
    // The run's own score is a record and does not move; its dashboard shows the projection.
    const triaged = await call('runs.dashboard', { assessmentId: first });
    expect(triaged.overall).toEqual({ score: dash.overall.score, adjusted: dash.overall.score, projected: decided.projected!.scores.overall });

    const second = await scanSample(e.id);
    const again = await call('runs.dashboard', { assessmentId: second });
    expect(again.totals.excepted).toBe(ids.length);
    expect(again.readyToSynchronize).toBe(true);
    expect(again.overall.adjusted).toBe(decided.projected!.scores.overall);
    expect(again.trend.map((t) => t.overall)).toEqual([dash.overall.score, decided.projected!.scores.overall]);
    expect(again.trend.map((t) => t.id)).toEqual([first, second]);
    const carried = await call('findings.page', { assessmentId: second, filter: { text: target.dn.slice(3, 20) }, sort: 'dn', descending: false, offset: 0, limit: 500 });
    expect(carried.rows.find((r) => r.dn === target.dn && r.ruleId === target.ruleId)?.decision).toMatchObject({ kind: 'exception' });
  });

  it("finds an object's findings by what people know it by: its sAMAccountName, UPN or mail, not only its DN or the flagged value", async () => {
    const e = await call('engagements.save', { ...engagement, customer: 'Find one' });
    const run = await scanSample(e.id);
    const blank = await call('findings.page', { assessmentId: run, filter: { ruleId: 'mailnickname.blank' }, sort: 'dn', descending: false, offset: 0, limit: 1 });
    const target = blank.rows[0]!;
    const detail = await call('objects.detail', { assessmentId: run, objectId: target.objectId });
    const sam = detail.attributes.sAMAccountName?.[0] ?? detail.attributes.samaccountname?.[0];
    expect(sam).toBeDefined();
    expect(target.dn.toLowerCase()).not.toContain(sam!.toLowerCase());
    const found = await call('findings.page', { assessmentId: run, filter: { text: sam! }, sort: 'dn', descending: false, offset: 0, limit: 100 });
    expect(found.rows.map((r) => r.objectId)).toContain(target.objectId);
    expect(found.rows.filter((r) => r.objectId === target.objectId).length).toBe(detail.findings.length);
    // Two characters are below what the trigram index looks up: the scan finds the same by name.
    const short = await call('findings.page', { assessmentId: run, filter: { text: sam!.slice(0, 2) }, sort: 'dn', descending: false, offset: 0, limit: 500 });
    expect(short.total).toBeGreaterThanOrEqual(found.total);
  });

  it('the object browser lists the objects a run kept, with their findings counted, by name, class and OU', async () => {
    const e = await call('engagements.save', { ...engagement, customer: 'Browse' });
    const run = await scanSample(e.id);
    const all = await call('objects.page', { assessmentId: run, filter: {}, offset: 0, limit: 500 });
    expect(all.total).toBeGreaterThan(100);
    expect(all.rows.map((r) => r.dn)).toEqual([...all.rows.map((r) => r.dn)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const target = all.rows.find((r) => r.findings > 1)!;
    const detail = await call('objects.detail', { assessmentId: run, objectId: target.objectId });
    expect(target.findings).toBe(detail.findings.length);
    expect(target.blockers).toBe(detail.findings.filter((f) => f.severity === 'blocker').length);
    const sam = (detail.attributes.sAMAccountName ?? detail.attributes.samaccountname)![0]!;
    const byName = await call('objects.page', { assessmentId: run, filter: { text: sam }, offset: 0, limit: 50 });
    expect(byName.rows.map((r) => r.objectId)).toContain(target.objectId);
    const contacts = await call('objects.page', { assessmentId: run, filter: { objectClass: 'contact' }, offset: 0, limit: 500 });
    expect(contacts.rows.every((r) => r.objectClass === 'contact')).toBe(true);
    const inOu = await call('objects.page', { assessmentId: run, filter: { ou: target.ou }, offset: 0, limit: 500 });
    expect(inOu.rows.length).toBeGreaterThan(0);
    expect(inOu.rows.every((r) => r.ou === target.ou)).toBe(true);
    // Paged: the second page starts where the first ended.
    const second = await call('objects.page', { assessmentId: run, filter: {}, offset: 1, limit: 1 });
    expect(second.rows[0]!.objectId).toBe(all.rows[1]!.objectId);
    expect(all.rows[0]!.source).toMatch(/^Built-in sample/);
  });

  it('select-all means every matching finding (less those unticked), however few rows are loaded', async () => {
    const e = await call('engagements.save', { ...engagement, customer: 'Select all' });
    const run = await scanSample(e.id);
    const filter = { severity: 'error' as const };
    const first = await call('findings.page', { assessmentId: run, filter, sort: 'rule', descending: false, offset: 0, limit: 10 });
    expect(first.total).toBeGreaterThan(100);
    const unticked = first.rows.slice(0, 3).map((r) => r.id);
    const decided = await call('decisions.exception', { assessmentId: run, matching: { filter, except: unticked }, reason: 'Reviewed' });
    expect(decided.changed).toBe(first.total - 3);
    const open = await call('findings.page', { assessmentId: run, filter: { ...filter, decision: 'open' }, sort: 'rule', descending: false, offset: 0, limit: 500 });
    expect(open.rows.map((r) => r.id).sort()).toEqual([...unticked].sort());
    // Nothing outside the filter was touched.
    const others = await call('findings.page', { assessmentId: run, filter: { severity: 'blocker', decision: 'exception' }, sort: 'rule', descending: false, offset: 0, limit: 10 });
    expect(others.total).toBe(0);
    await expect(call('decisions.clear', { assessmentId: run })).rejects.toThrow('No finding is selected.');
  });

  it('accepting a value covers every rule that flags the same value, and clearing it opens them all again', async () => {
    const e = await call('engagements.save', { ...engagement, customer: 'Same value' });
    const run = await scanSample(e.id);
    const page = await call('findings.page', { assessmentId: run, filter: { ruleId: 'mail.character' }, sort: 'dn', descending: false, offset: 0, limit: 500 });
    const siblingsOf = async (f: (typeof page.rows)[number]) => (await call('objects.detail', { assessmentId: run, objectId: f.objectId })).findings.filter((g) => g.attribute === f.attribute && g.value === f.value);
    let target: (typeof page.rows)[number] | undefined;
    for (const f of page.rows) if ((await siblingsOf(f)).length > 1) target = target ?? f;
    expect(target).toBeDefined();
    await call('decisions.accept', { assessmentId: run, findingIds: [target!.id], newValue: 'fixed.address@fcra.gov' });
    const siblings = await siblingsOf(target!);
    expect(siblings.map((f) => f.ruleId)).toContain('mail.localpart');
    expect(siblings.map((f) => f.decision)).toEqual(siblings.map(() => ({ kind: 'accept', newValue: 'fixed.address@fcra.gov', reason: null })));
    // Cleared once, the value is open again for every rule.
    await call('decisions.clear', { assessmentId: run, findingIds: [target!.id] });
    expect((await siblingsOf(target!)).map((f) => f.decision)).toEqual(siblings.map(() => null));
  });

  it("IdFix's round trip: findings.csv edited in Excel (UPDATE, ACTION, REASON) comes back as decisions, each row with its outcome", async () => {
    const e = await call('engagements.save', { ...engagement, customer: 'Round trip' });
    const run = await scanSample(e.id);
    const exported = await call('reports.export', { assessmentId: run, formats: ['findings'], redact: false });
    const text = readFileSync(join(exported.folder!, 'findings.csv'), 'utf8').replace(/^\uFEFF/, '');
    const records: string[][] = [];
    for await (const batch of readCsvRecords((async function* () { yield text; })(), 'findings.csv')) records.push(...batch.map((r) => r.fields));
    const [header, ...rows] = records;
    const col = (name: string) => header!.indexOf(name);
    const find = (ruleId: string, n = 0) => rows.filter((r) => r[col('RULEID')] === ruleId)[n]!;
    const edit = (row: string[], changes: Record<string, string>) => Object.entries(changes).forEach(([k, v]) => (row[col(k)] = v));
    edit(find('mail.character'), { ACTION: 'EDIT', UPDATE: 'fixed.one@fcra.gov' });
    edit(find('userprincipalname.topleveldomain', 0), { ACTION: 'exception', REASON: 'Lab account' });
    edit(find('userprincipalname.topleveldomain', 1), { ACTION: 'EDIT', UPDATE: 'still broken@fcra.gov' });
    edit(find('userprincipalname.topleveldomain', 2), { ACTION: 'REMOVE' });
    edit(find('userprincipalname.topleveldomain', 3), { ACTION: 'EXCEPTION' });
    edit(find('userprincipalname.topleveldomain', 4), { ACTION: 'EDIT', DISTINGUISHEDNAME: 'CN=Nobody,DC=fcra,DC=local' });
    const accented = rows.find((r) => r[col('VALUE')] === 'josé.núñez@fcra.gov')!;
    edit(accented, { ACTION: 'EXCEPTION', REASON: 'Renamed at cut-over' });
    // Excel's plain "CSV" saves in Windows-1252: the accented value must still find its finding.
    const edited = join(tempDir('round-trip'), 'findings-edited.csv');
    writeFileSync(edited, Buffer.from([header!, ...rows].map((r) => csvRow(r)).join(''), 'latin1'));

    const result = await call('decisions.importCsv', { assessmentId: run, path: edited });
    expect(result.encoding).toBe('windows-1252');
    expect(result.counts).toMatchObject({ accepted: 1, excepted: 2, refused: 4, unchanged: rows.length - 7 });
    const refused = result.rows.filter((r) => r.outcome === 'refused').map((r) => r.reason);
    expect(refused).toEqual([
      expect.stringMatching(/^UPDATE "still broken@fcra.gov" still fails: userPrincipalName: invalid character/),
      expect.stringMatching(/^REMOVE is not taken/),
      'ACTION is EXCEPTION but REASON is empty: an exception needs its reason',
      expect.stringMatching(/^no finding of rule userprincipalname.topleveldomain on this object and value/),
    ]);
    expect(result.rows.filter((r) => r.outcome === 'refused').map((r) => r.line)).toEqual([...result.rows.filter((r) => r.outcome === 'refused').map((r) => r.line)].sort((a, b) => a - b));
    // What was taken shows on the findings, as if decided on screen.
    const page = await call('findings.page', { assessmentId: run, filter: { decision: 'accept' }, sort: 'rule', descending: false, offset: 0, limit: 50 });
    expect(page.rows.map((r) => r.decision?.newValue)).toContain('fixed.one@fcra.gov');
    // Exported again, the file carries the decisions in ACTION and REASON.
    const again = await call('reports.export', { assessmentId: run, formats: ['findings'], redact: false });
    const csv = readFileSync(join(again.folder!, 'findings.csv'), 'utf8');
    expect(csv).toContain(',EXCEPTION,userprincipalname.topleveldomain,');
    expect(csv).toContain('Lab account');

    // A file without the columns is refused whole, naming them.
    const bare = join(tempDir('round-trip'), 'bare.csv');
    writeFileSync(bare, 'DN,mail\nCN=A,a@b.gov\n');
    await expect(call('decisions.importCsv', { assessmentId: run, path: bare })).rejects.toThrow(/the header has no DISTINGUISHEDNAME, ATTRIBUTE, VALUE, UPDATE, ACTION, RULEID columns/);
  });

  it("a duplicate finding opens its value's group: every holder, a page at a time, each one an object to open", async () => {
    const e = await call('engagements.save', { ...engagement, customer: 'Duplicates' });
    const run = await scanSample(e.id);
    const page = await call('findings.page', { assessmentId: run, filter: { errorType: 'duplicate' }, sort: 'rule', descending: false, offset: 0, limit: 500 });
    expect(page.rows.length).toBeGreaterThan(0);
    expect(page.rows.every((r) => r.duplicate !== null && r.duplicate.holders >= 2)).toBe(true);
    // Other findings belong to no group.
    const blank = await call('findings.page', { assessmentId: run, filter: { errorType: 'blank' }, sort: 'rule', descending: false, offset: 0, limit: 5 });
    expect(blank.rows.every((r) => r.duplicate === null)).toBe(true);

    const finding = page.rows[0]!;
    const group = await call('duplicates.holders', { assessmentId: run, groupId: finding.duplicate!.groupId, offset: 0, limit: 500 });
    expect(group.holders).toBe(finding.duplicate!.holders);
    expect(group.rows).toHaveLength(group.holders);
    expect(group.rows.map((h) => h.objectId)).toContain(finding.objectId);
    expect(group.rows.map((h) => h.dn)).toEqual([...group.rows.map((h) => h.dn)].sort());
    // Every holder is an object whose own findings include the same group.
    for (const holder of group.rows) {
      const detail = await call('objects.detail', { assessmentId: run, objectId: holder.objectId });
      expect(detail.dn).toBe(holder.dn);
      expect(detail.findings.some((f) => f.duplicate?.groupId === group.groupId)).toBe(true);
    }
    // Paged: the second holder on its own.
    const second = await call('duplicates.holders', { assessmentId: run, groupId: group.groupId, offset: 1, limit: 1 });
    expect(second.rows).toEqual([group.rows[1]]);
    await expect(call('duplicates.holders', { assessmentId: run, groupId: 999_999, offset: 0, limit: 10 })).rejects.toThrow(/duplicate group 999999/);
  });

  it('a manual checklist item moves the projection, never the run\'s recorded score; reports export into the data folder', async () => {
    const e = await call('engagements.save', { ...engagement, customer: 'Checklist' });
    const run = await scanSample(e.id);
    const before = await call('checklist.get', { assessmentId: run });
    expect(before.entries.find((i) => i.itemId === 'NET-05')).toMatchObject({ automatic: false, status: 'not-started', gating: true });
    const dash = await call('runs.dashboard', { assessmentId: run });
    const after = await call('checklist.update', { assessmentId: run, itemId: 'NET-05', status: 'done', owner: 'Network team', dueDate: null, notes: null });
    expect(after.progress!).toBeGreaterThan(before.progress!);
    expect(after.recordedProgress).toBe(before.progress);
    const later = await call('runs.dashboard', { assessmentId: run });
    expect(later.overall.score).toBe(dash.overall.score);
    expect(later.overall.adjusted).toBe(dash.overall.adjusted);
    expect(later.overall.projected!).toBeGreaterThan(dash.overall.adjusted!);
    expect((await call('runs.list', { engagementId: e.id })).find((r) => r.id === run)?.adjusted).toEqual(dash.run.adjusted);
    expect(await dispatch('checklist.update', { assessmentId: run, itemId: 'DSP-02', status: 'done', owner: null, dueDate: null, notes: null })).toMatchObject({ error: { code: 'not-found' } });
    expect(await dispatch('checklist.update', { assessmentId: run, itemId: '../x', status: 'done', owner: null, dueDate: null, notes: null })).toMatchObject({ error: { code: 'invalid-argument' } });
    const exported = await call('reports.export', { assessmentId: run, formats: ['md', 'ldif'], redact: false });
    expect(exported.folder).toBe(join(ctx.dataFolder, 'exports', `assessment-${run}`));
    expect(exported.files.map((f) => f.slice(exported.folder!.length + 1))).toEqual(['checklist.md', 'remediation.ldif', 'remediation-undo.ldif']);
  });

  it('Compact gives the space of runs that did not complete back; the data folder is its owner\'s only', async () => {
    // A run that failed with its rows kept, as an older version left them.
    const ws = ctx.workspace;
    const id = ws.beginAssessment({ sourceKind: 'ldif', sourceLabel: 'x', source: {}, options: {}, toolVersion: '0' });
    ws.db.prepare(`INSERT INTO objects (assessment_id, id, dn, object_class, ou, in_scope, mail_enabled, attributes_json) VALUES (?, 0, 'CN=A', 'user', '', 1, 0, '{}')`).run(id);
    ws.endAssessment(id, 'failed', 'test', true);
    const r = await call('settings.compactWorkspace', {});
    expect(r.runsCleared).toBeGreaterThanOrEqual(1);
    expect(r.after).toBeLessThanOrEqual(r.before);
    expect(ws.db.prepare('SELECT count(*) AS n FROM objects WHERE assessment_id = ?').get(id)).toEqual({ n: 0 });
    expect((statSync(ctx.dataFolder).mode & 0o777).toString(8)).toBe('700');
  });

  it('deleting an engagement removes its profiles and decisions, and keeps its runs under no engagement', async () => {
    const e = await call('engagements.save', { ...engagement, customer: 'To delete' });
    const runId = await scanSample(e.id);
    const page = await call('findings.page', { assessmentId: runId, filter: {}, sort: 'rule', descending: false, offset: 0, limit: 1 });
    await call('decisions.exception', { assessmentId: runId, findingIds: [page.rows[0]!.id], reason: 'test' });
    expect(await call('engagements.delete', { id: e.id })).toEqual({ deleted: true });
    expect((await call('engagements.list', {})).some((x) => x.id === e.id)).toBe(false);
    expect(ctx.workspace.db.prepare('SELECT engagement_id FROM assessments WHERE id = ?').get(runId)).toEqual({ engagement_id: null });
    expect(ctx.workspace.db.prepare('SELECT count(*) AS n FROM decisions WHERE engagement_id = ?').get(e.id)).toEqual({ n: 0 });
  });

  it('moves the data folder: the workspace is copied whole, the choice remembered, the app restarted on it', async () => {
    const userData = tempDir('userdata');
    const target = join(tempDir('moved'), 'Workbench data');
    const used: string[] = [];
    const host = { ...HEADLESS_HOST, pickDataFolder: async () => target, useDataFolder: (f: string) => (rememberDataFolder(userData, f), used.push(f)) };
    const app = openAppContext(dataFolderOf(userData), NO_KEYRING, host);
    try {
      const handlers = createHandlers(app);
      const e = await handlers['engagements.save']({ ...engagement, customer: 'Moving' });
      expect(await handlers['settings.moveDataFolder']({})).toEqual({ folder: target, restarting: true });
      expect(used).toEqual([target]);
      expect(dataFolderOf(userData)).toBe(target);
      const moved = new Workspace(join(target, 'workspace.sqlite'));
      expect(moved.db.prepare('SELECT customer FROM engagements WHERE id = ?').get(e.id)).toEqual({ customer: 'Moving' });
      moved.close();
      expect(() => rememberDataFolder(userData, 'relative/path')).toThrow(/absolute/);
    } finally {
      await closeAppContext(app);
    }
    expect(await dispatch('settings.moveDataFolder', {})).toEqual({ ok: { folder: null, restarting: false } });
  });

  it('never returns a password, and keeps it in memory only when the OS has no keyring', async () => {
    const e = await call('engagements.save', { ...engagement, customer: 'Secrets' });
    const profile = { engagementId: e.id, name: 'DC1', host: '127.0.0.1', port: 636, security: 'ldaps' as const, globalCatalog: false, bindUser: 'admin@lab', caFiles: [], bases: [], excludes: [], pageSize: 500, timeoutSeconds: 10 };
    const saved = await call('profiles.save', { profile, password: 'S3cret!pw', rememberPassword: true });
    expect(saved.password).toBe('memory');
    expect(JSON.stringify(await call('profiles.list', { engagementId: e.id }))).not.toContain('S3cret');
    const stored = ctx.workspace.db.prepare('SELECT * FROM connection_profiles').all();
    expect(JSON.stringify(stored)).not.toContain('S3cret');
  });

  it('seals a remembered password with the keyring when there is one', async () => {
    const sealed: Keyring = { isAvailable: () => true, encrypt: (s) => Buffer.from(s).reverse(), decrypt: (b) => Buffer.from(b).reverse().toString() };
    const other = openAppContext(tempDir('keyring'), sealed);
    try {
      const handlers = createHandlers(other);
      const e = await handlers['engagements.save'](engagement);
      const p = await handlers['profiles.save']({ profile: { engagementId: e.id, name: 'DC', host: 'h', port: 636, security: 'ldaps', globalCatalog: false, bindUser: 'u', caFiles: [], bases: [], excludes: [], pageSize: 500, timeoutSeconds: 10 }, password: 'pw-123', rememberPassword: true });
      expect(p.password).toBe('keyring');
      other.secrets.forget(p.id);
      expect(other.secrets.get(p.id)).toBe('pw-123');
    } finally {
      await closeAppContext(other);
    }
  });
});
