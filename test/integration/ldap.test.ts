import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFileSource } from '../../main/directory/file-source.ts';
import { collect } from '../../main/directory/ldap/collect.ts';
import { connect } from '../../main/directory/ldap/connect.ts';
import { LdapConnectionError } from '../../main/directory/ldap/errors.ts';
import { passwordAuthenticator } from '../../main/directory/ldap/authenticator.ts';
import { openSource } from '../../main/runs/registry.ts';
import { parseLdapUrl, type ConnectionProfile } from '../../main/directory/ldap/profile.ts';
import { runAssessment as assess, AssessmentCancelled } from '../../main/runs/run-assessment.ts';
import { iterateFindings, iterateFindingsOfObjects } from '../../main/store/queries.ts';
import { sourceOfObject } from '../../main/engine/summary.ts';
import { entryText } from '../../main/reports/ldif-writer.ts';
import { Workspace } from '../../main/store/workspace.ts';
import { EXPORT_ATTRIBUTES, EXPORT_FILTER } from '../../main/directory/export-instructions.ts';
import { LAB, LAB_INFO, labRunning, startLab, stopSamba } from '../../scripts/lab/lab.ts';
import { seedLab } from '../../scripts/lab/seed.ts';
import type { Finding } from '../../shared/findings.ts';
import { launch, shoot } from '../e2e/browser.ts';
import { writeStaged } from '../../main/files/staged-files.ts';
import { acceptedChanges, writeRemediationLdif, type ObjectChange } from '../../main/reports/remediation.ts';
import { startHarness, type Harness } from '../e2e/harness.ts';
import { runOptions } from '../helpers.ts';
import { tempDir } from '../temp-dirs.ts';

/**
 * Against a real Samba Active Directory on loopback (npm run lab:start). One file, run in order:
 * a test below kills the server mid-scan and starts it again.
 */
const FIXTURE_OU = 'IntegrationFixture';
const FIXTURE_OBJECTS = 2500;
const work = tempDir('ldap');
let lab: Record<string, string>;
let base: string;

const options = runOptions();

function profile(url: string, overrides: Partial<ConnectionProfile> = {}): ConnectionProfile {
  return { ...parseLdapUrl(url), bindUser: LAB_INFO.bindUser, caFiles: [lab.caFile!], globalCatalog: false, bases: [base], excludes: [], pageSize: 500, timeoutMs: 20_000, ...overrides };
}

async function run(p: ConnectionProfile, password = LAB_INFO.password, ws = new Workspace(join(work, `${Math.random()}.sqlite`))) {
  const source = openSource({ kind: 'ldap', profile: p, credentials: { method: 'password', password } });
  const result = await assess(ws, source, options);
  return { ws, source, ...result, findings: [...iterateFindings(ws.db, result.assessmentId)] };
}

const errorOf = async (p: Promise<unknown>): Promise<LdapConnectionError> => {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(LdapConnectionError);
  return err as LdapConnectionError;
};

// A lab these tests started is stopped after them: a Samba left idling in the background slows
// whatever runs next on the machine (a benchmark, say). One that was already running stays up.
let startedHere = false;

beforeAll(async () => {
  startedHere = !labRunning();
  lab = await startLab();
  base = (await seedLab(FIXTURE_OBJECTS, FIXTURE_OU)).baseDn;
}, 600_000);

afterAll(async () => {
  if (startedHere) await stopSamba();
}, 30_000);

describe('live assessment of a Samba Active Directory', () => {
  it('over LDAPS with the lab CA: paged (more than 1,000 objects), a group of more than 1,500 members read in ranges', async () => {
    const before = Date.now();
    const { summary, source, ws, assessmentId } = await run(profile(lab.url!));
    // Read as it is now: account ages count back from the scan, which its run records.
    const recorded = ws.getAssessment(assessmentId)!.source as { asOf: string };
    expect(recorded.asOf).toBe(source.descriptor.asOf);
    expect(Date.parse(recorded.asOf)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(recorded.asOf)).toBeLessThanOrEqual(Date.now());
    expect(summary.directoryChecks.find((c) => c.id === 'accounts.stale')!.detail).toContain(`before ${recorded.asOf.slice(0, 10)}, the date of the data`);
    expect(summary.objects).toBe(FIXTURE_OBJECTS + 1);
    expect(summary.byClass.group.objects).toBe(FIXTURE_OBJECTS / 20 + 1);
    const groups = summary.directoryChecks.find((c) => c.id === 'groups.large')!;
    expect(groups.detail).toContain(`Largest group: ${(FIXTURE_OBJECTS * 0.9).toLocaleString('en-US')} members`);
    expect(source.evidence).toMatchObject({ forestLevel: 4, domainLevel: 4, schemaVersion: 69, exchangeSchemaVersion: 17003, recycleBinEnabled: false, domains: [{ dnsName: 'lab.example.com', netbiosName: 'LAB' }] });
    const checks = Object.fromEntries(summary.directoryChecks.map((c) => [c.id, c.status]));
    expect(checks).toMatchObject({ 'forest.functional-level': 'pass', 'dc.writable': 'pass', 'forest.recycle-bin': 'warn', 'schema.exchange': 'pass', 'domain.netbios': 'pass' });
  });

  it('keeps binary attributes as bytes: objectGUID and objectSid', async () => {
    const client = await connect(profile(lab.url!), passwordAuthenticator(LAB_INFO.bindUser, LAB_INFO.password));
    // Contacts carry no objectSid: take the first security principal the search returns.
    let first;
    for await (const o of collect([client], profile(lab.url!), [base])) {
      if (o.attributes.has('objectsid')) {
        first = o;
        break;
      }
    }
    await client.unbind();
    if (!first) throw new Error('no user or group was read');
    expect(first.attributes.get('objectguid')![0]).toBeInstanceOf(Uint8Array);
    expect((first.attributes.get('objectguid')![0] as Uint8Array).byteLength).toBe(16);
    expect((first.attributes.get('objectsid')![0] as Uint8Array).byteLength).toBe(28);
  });

  it('over StartTLS with DOMAIN\\user, and over plain LDAP with a DN, with the same findings', async () => {
    const tlsRun = await run(profile(lab.urlStartTls!, { bindUser: 'LAB\\Administrator' }));
    const plainRun = await run(profile(lab.urlStartTls!, { security: 'plain', bindUser: `CN=Administrator,CN=Users,${LAB_INFO.baseDn}` }));
    expect(tlsRun.source.descriptor.label).toContain('StartTLS');
    expect(plainRun.source.descriptor.label).toContain('plain LDAP, unencrypted');
    expect(plainRun.findings).toEqual(tlsRun.findings);
    expect(tlsRun.findings.length).toBeGreaterThan(100);
  });

  it('reads the whole forest from the Global Catalog, and says which attributes a GC lacks', async () => {
    const { summary, source } = await run(profile(lab.gcUrl!, { globalCatalog: true, bases: [] }));
    expect(summary.objects).toBeGreaterThanOrEqual(FIXTURE_OBJECTS);
    expect(source.evidence?.notInGlobalCatalog).toContain('isCriticalSystemObject');
    expect(summary.directoryChecks.find((c) => c.id === 'source.global-catalog')).toMatchObject({ status: 'warn' });
  });

  it('the findings of the directory, read in one stream or in three partitions, equal those of the same objects exported to LDIF with ldapsearch', async () => {
    const live = await run(profile(lab.url!, { connections: 3 }));
    const stream = await run(profile(lab.url!));
    // One stream gives the same order every time: a large group's place does not depend on when its ranges arrive.
    const order = (r: typeof stream) => r.findings.map((f) => `${f.dn} ${f.attribute} ${f.errorType}`);
    expect(order(await run(profile(lab.url!)))).toEqual(order(stream));
    const ldif = join(work, 'export.ldif');
    const dump = execFileSync('ldapsearch', ['-LLL', '-o', 'ldif-wrap=no', '-x', '-H', 'ldap://127.0.0.1', '-D', LAB_INFO.bindUser, '-w', LAB_INFO.password, '-E', 'pr=1000/noprompt', '-b', base, EXPORT_FILTER, ...EXPORT_ATTRIBUTES], { maxBuffer: 1 << 28 });
    writeFileSync(ldif, dump);
    const ws = new Workspace(join(work, 'export.sqlite'));
    const exported = await assess(ws, openFileSource(ldif), options);
    // The live read interleaves several searches, so objects arrive in another order than the dump's.
    // A duplicate group's id is the order in which it formed, which follows the read order too: compared without it.
    const byObject = (list: Finding[]) =>
      [...list].map(({ duplicateGroup: _group, ...f }) => f).sort((a, b) => `${a.dn}|${a.attribute}|${a.value}|${a.errorType}`.localeCompare(`${b.dn}|${b.attribute}|${b.value}|${b.errorType}`));
    expect(byObject([...iterateFindings(ws.db, exported.assessmentId)])).toEqual(byObject(live.findings));
    expect(byObject(stream.findings)).toEqual(byObject(live.findings));
    // Only the live run has RootDSE, configuration and schema, so only infrastructure may differ.
    const objectScores = (s: Record<string, number | null>) => [s.identity, s.mail, s.uniqueness];
    expect(objectScores(exported.summary.scores)).toEqual(objectScores(live.summary.scores));
  });
});

describe('failures a person understands', () => {
  it('a wrong password: the sign-in is refused, with AD\'s reason, and the password appears nowhere', async () => {
    const err = await errorOf(run(profile(lab.url!), 'Wrong-Passw0rd!'));
    expect(err.kind).toBe('bad-credentials');
    expect(err.message).toContain(`refused the sign-in of ${LAB_INFO.bindUser}: the user name or password is wrong`);
    expect(err.message).not.toContain('Wrong-Passw0rd!');
  });

  it('an untrusted certificate: subject, issuer, validity and SHA-256 fingerprint, and how to trust it', async () => {
    const err = await errorOf(run(profile(lab.url!, { caFiles: [] })));
    const fingerprint = execFileSync('openssl', ['x509', '-in', join(LAB, 'tls', 'server.pem'), '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' }).split('=')[1]!.trim();
    expect(err.kind).toBe('certificate-untrusted');
    expect(err.certificate?.sha256).toBe(fingerprint);
    expect(err.message).toContain('CN=dc1.lab.example.com');
    expect(err.message).toContain('AD Readiness Workbench Lab CA');
    expect(err.message).toContain('--ca FILE');
    const startTls = await errorOf(run(profile(lab.urlStartTls!, { caFiles: [] })));
    expect(startTls.certificate?.sha256).toBe(fingerprint);
  });

  it('a refused connection names the server and the port', async () => {
    const err = await errorOf(run(profile('ldaps://127.0.0.1:1')));
    expect(err.kind).toBe('connection-refused');
    expect(err.message).toContain('127.0.0.1:1 refused the connection');
  });

  it('cancelling records the run as interrupted', async () => {
    const ws = new Workspace(join(work, 'cancel.sqlite'));
    const controller = new AbortController();
    const source = openSource({ kind: 'ldap', profile: profile(lab.url!, { pageSize: 200 }), credentials: { method: 'password', password: LAB_INFO.password } });
    await expect(assess(ws, source, options, { signal: controller.signal, progressEveryMs: 0, onProgress: () => controller.abort() })).rejects.toBeInstanceOf(AssessmentCancelled);
    expect(ws.listAssessments()[0]!.status).toBe('interrupted');
  });

  it('the server killed mid-scan: interrupted with what was read, earlier runs untouched, and a retry works', async () => {
    const ws = new Workspace(join(work, 'killed.sqlite'));
    const earlier = await run(profile(lab.url!), LAB_INFO.password, ws);
    const before = earlier.findings;
    const pid = Number(readFileSync(join(LAB, 'samba.pid'), 'utf8'));
    // One stream of small pages: when the server dies, most of the directory is still unread.
    const source = openSource({ kind: 'ldap', profile: profile(lab.url!, { pageSize: 100, connections: 1 }), credentials: { method: 'password', password: LAB_INFO.password } });
    let killed = false;
    // Pages already received still complete blocks after the kill: kill only once.
    const killOnce = (): void => {
      if (!killed) process.kill(pid, 'SIGKILL');
      killed = true;
    };
    const err = await assess(ws, source, options, { progressEveryMs: 0, keepPartial: true, onProgress: killOnce })
      .catch((e: unknown) => e)
      .finally(() => startLab());
    expect(err).toBeInstanceOf(LdapConnectionError);
    const runs = ws.listAssessments();
    expect(runs.map((r) => r.status)).toEqual(['completed', 'interrupted']);
    expect((ws.db.prepare('SELECT count(*) AS n FROM objects WHERE assessment_id = ?').get(runs[1]!.id) as { n: number }).n).toBeGreaterThan(0);
    expect([...iterateFindings(ws.db, earlier.assessmentId)]).toEqual(before);
    const retry = await run(profile(lab.url!), LAB_INFO.password, ws);
    expect(retry.findings).toEqual(before);
  }, 120_000);
});

describe('the command line over LDAPS', () => {
  const cli = (args: string[], input?: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['main/cli.ts', ...args], { encoding: 'utf8', cwd: join(import.meta.dirname, '../..'), input, env: { ...process.env, ...env } });

  it('assesses the lab with its CA; the password reaches no output and no file', () => {
    const out = join(work, 'cli');
    const r = cli(['--ldap', lab.url!, '--bind', LAB_INFO.bindUser, '--password-stdin', '--ca', lab.caFile!, '--base', base, '--out', out, '--quiet'], `${LAB_INFO.password}\n`);
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')) as { summary: { objects: number; directory: { forestLevel: number } }; source: { kind: string } };
    expect(json.source.kind).toBe('ldap');
    expect(json.summary.objects).toBe(FIXTURE_OBJECTS + 1);
    expect(json.summary.directory.forestLevel).toBe(4);
    for (const file of ['findings.json', 'findings.csv', 'workspace.sqlite']) expect(readFileSync(join(out, file)).includes(LAB_INFO.password)).toBe(false);
    expect(r.stdout + r.stderr).not.toContain(LAB_INFO.password);
  });

  it('takes the password from an environment variable, and refuses it as an argument', () => {
    const ok = cli(['--ldap', lab.url!, '--bind', LAB_INFO.bindUser, '--password-env', 'LAB_PW', '--ca', lab.caFile!, '--base', base, '--out', join(work, 'cli-env'), '--quiet'], undefined, { LAB_PW: LAB_INFO.password });
    expect(ok.status, ok.stderr).toBe(0);
    const refused = cli(['--ldap', lab.url!, '--bind', LAB_INFO.bindUser, '--password', LAB_INFO.password, '--out', work]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('never given as an argument');
  });

  it('a connection failure is one line, exit 1', () => {
    const r = cli(['--ldap', lab.url!, '--bind', LAB_INFO.bindUser, '--password-env', 'LAB_PW', '--ca', lab.caFile!, '--base', base, '--out', join(work, 'cli-bad')], undefined, { LAB_PW: 'nope' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('the user name or password is wrong');
  });
});


describe('the desktop app against the lab, in Chromium', () => {
  let harness: Harness;
  let browser: Awaited<ReturnType<typeof launch>>;
  beforeAll(async () => {
    harness = await startHarness(join(work, 'app-data'));
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  it('creates an engagement, tests the connection, scans over LDAPS and shows the directory evidence', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(harness.url);
    await page.getByLabel('Customer').fill('Lab agency');
    await page.getByLabel('Tenant domains').fill('lab.example.com');
    await page.getByRole('button', { name: 'Create engagement' }).click();
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Connection', exact: true }).click();
    const { host, port } = parseLdapUrl(lab.url!);
    await page.getByLabel('Name').fill('Lab DC over LDAPS');
    await page.getByLabel('Domain controller host').fill(host);
    await page.getByLabel('Port', { exact: true }).fill(String(port));
    await page.getByLabel('Bind as').fill(LAB_INFO.bindUser);
    await page.getByLabel('Password').fill(LAB_INFO.password);
    await page.getByLabel('CA certificate files to trust').fill(lab.caFile!);
    await page.getByLabel('Search bases').fill(base);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Connected' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.getByText(/Forest functional level: 4/).isVisible()).toBe(true);
    expect(await page.content()).not.toContain(LAB_INFO.password);
    await shoot(page, '17-connection-lab');
    await page.getByRole('button', { name: 'Scan now' }).click();
    await page.getByRole('heading', { name: /Dashboard/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Directory', exact: true }).click();
    await expect.poll(() => page.getByText('lab.example.com').first().isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('heading', { name: 'Directory facts' }).isVisible()).toBe(true);
    await shoot(page, '18-directory-live');
    expect(JSON.stringify(harness.ctx.workspace.db.prepare('SELECT * FROM connection_profiles').all())).not.toContain(LAB_INFO.password);
  });
});

describe('remediation files applied to the lab with ldapmodify', () => {
  /** The changed attributes of each object, as the directory holds them now. */
  async function read(changes: ObjectChange[]): Promise<Record<string, Record<string, string[]>>> {
    const client = await connect(profile(lab.url!), passwordAuthenticator(LAB_INFO.bindUser, LAB_INFO.password));
    const out: Record<string, Record<string, string[]>> = {};
    try {
      for (const c of changes) {
        const names = c.attributes.map((a) => a.name);
        const { searchEntries } = await client.search(c.dn, { scope: 'base', attributes: names });
        const e = searchEntries[0]!;
        out[c.dn] = Object.fromEntries(names.map((n) => {
          const key = Object.keys(e).find((k) => k.toLowerCase() === n.toLowerCase());
          const v = key ? e[key] : [];
          return [n, (Array.isArray(v) ? v : [v]).map(String).sort()];
        }));
      }
    } finally {
      await client.unbind();
    }
    return out;
  }
  const ldapmodify = (file: string) => {
    const { host, port } = parseLdapUrl(lab.url!);
    return spawnSync('ldapmodify', ['-H', `ldaps://${host}:${port}`, '-x', '-D', LAB_INFO.bindUser, '-y', join(work, 'pw'), '-f', file], {
      encoding: 'utf8',
      env: { ...process.env, LDAPTLS_CACERT: lab.caFile! },
    });
  };

  it('the change file fixes the objects, and the undo file restores them exactly', async () => {
    writeFileSync(join(work, 'pw'), LAB_INFO.password);
    const before = await run(profile(lab.url!));
    const all = acceptedChanges(before.ws.db, before.assessmentId, true);
    // The primary fixes where the directory already holds the address as "smtp:" (the seed's i % 50 === 5):
    // AD refuses an add of a value it holds in another case, so the change must swap the spelling.
    const caseVariants = all.filter((c) => c.attributes.some((a) => a.name === 'proxyAddresses' && a.removed.some((v) => a.added.some((n) => n.toLowerCase() === v.toLowerCase()))));
    expect(caseVariants.length).toBeGreaterThan(0);
    const changes = [...new Set([...all.slice(0, 40), ...caseVariants])];
    const files = { change: join(work, 'remediation.ldif'), undo: join(work, 'remediation-undo.ldif') };
    await writeStaged((staged) => writeRemediationLdif(changes, { change: staged.file(files.change), undo: staged.file(files.undo) }, before.assessmentId, 'test'));
    const original = await read(changes);
    expect(original).toEqual(Object.fromEntries(changes.map((c) => [c.dn, Object.fromEntries(c.attributes.map((a) => [a.name, [...a.before].sort()]))])));

    const applied = ldapmodify(files.change);
    expect(applied.status, applied.stderr).toBe(0);
    expect(await read(changes)).toEqual(Object.fromEntries(changes.map((c) => [c.dn, Object.fromEntries(c.attributes.map((a) => [a.name, [...a.after].sort()]))])));
    const fixed = await run(profile(lab.url!));
    const changed = new Set(changes.flatMap((c) => c.attributes.flatMap((a) => a.removed.map((v) => `${c.dn}|${a.name}|${v}`))));
    expect(fixed.findings.filter((f) => f.value !== null && changed.has(`${f.dn}|${f.attribute}|${f.value}`))).toEqual([]);
    expect(fixed.summary.findings).toBeLessThan(before.summary.findings);
    // Each case-variant object now holds its address once, as the one primary, and no primary finding is left.
    const fixedProxies = await read(caseVariants);
    for (const c of caseVariants) {
      const smtp = fixedProxies[c.dn]!.proxyAddresses!.filter((v) => v.toLowerCase().startsWith('smtp:'));
      expect(smtp.filter((v) => v.startsWith('SMTP:'))).toHaveLength(1);
      expect(new Set(smtp.map((v) => v.toLowerCase())).size).toBe(smtp.length);
    }
    expect(fixed.findings.filter((f) => f.ruleId === 'proxyaddresses.primary' && caseVariants.some((c) => c.dn === f.dn))).toEqual([]);

    const undone = ldapmodify(files.undo);
    expect(undone.status, undone.stderr).toBe(0);
    expect(await read(changes)).toEqual(original);
    const again = await run(profile(lab.url!));
    expect(again.summary.findings).toBe(before.summary.findings);
  });
});

describe('a live forest and an export of another, in one run', () => {
  it('finds the UPN both hold, names both sources, and counts each', async () => {
    // One of the lab's users, as the other forest's export also holds it (a person migrated twice).
    const labOnly = await run(profile(lab.url!));
    const client = await connect(profile(lab.url!), passwordAuthenticator(LAB_INFO.bindUser, LAB_INFO.password));
    const { searchEntries } = await client.search(base, { scope: 'sub', filter: '(&(objectClass=user)(userPrincipalName=*))', attributes: ['userPrincipalName'], sizeLimit: 1 });
    await client.unbind();
    const upn = String(searchEntries[0]!.userPrincipalName);
    const exportFile = join(work, 'west-forest.ldif');
    writeFileSync(
      exportFile,
      `version: 1\n\n${entryText('CN=Migrated Person,OU=Staff,DC=west,DC=example', [
        ['objectClass', ['top', 'person', 'organizationalPerson', 'user']],
        ['sAMAccountName', 'migrated.person'],
        ['userPrincipalName', upn],
      ])}`,
    );
    const ws = new Workspace(join(work, 'two-forests.sqlite'));
    const sources = [openSource({ kind: 'ldap', profile: profile(lab.url!), credentials: { method: 'password', password: LAB_INFO.password } }), openSource({ kind: 'file', path: exportFile })];
    const { assessmentId, summary } = await assess(ws, sources, options);
    expect(summary.sources.map((s) => [s.id, s.kind, s.objects])).toEqual([
      [1, 'ldap', labOnly.summary.objects],
      [2, 'ldif', 1],
    ]);
    const duplicates = [...iterateFindingsOfObjects(ws.db, assessmentId)].filter(({ finding }) => finding.ruleId === 'userprincipalname.duplicate' && finding.value === upn);
    expect(duplicates.map(({ objectId }) => sourceOfObject(summary.sources, objectId))).toEqual([1, 2]);
    expect(duplicates[1]!.finding.relatedDns!.some((dn) => dn.toLowerCase().endsWith(base.toLowerCase()))).toBe(true);
    expect(summary.sources[1]!.findings).toBeGreaterThanOrEqual(1);
    ws.close();
  });
});
