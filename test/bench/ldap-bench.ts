import { spawnSync } from 'node:child_process';
import { openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openLdapSource } from '../../main/directory/ldap/ldap-source.ts';
import { parseLdapUrl } from '../../main/directory/ldap/profile.ts';
import { assess } from '../../main/engine/assess.ts';
import { Workspace } from '../../main/store/workspace.ts';
import { EXPORT_ATTRIBUTES, EXPORT_FILTER } from '../../main/directory/export-instructions.ts';
import { LAB, LAB_INFO, startLab } from '../../scripts/lab/lab.ts';
import { seedLab } from '../../scripts/lab/seed.ts';
import { RANGE_STEP } from '../../main/directory/ldap/collect.ts';
import { runOptions } from '../helpers.ts';

/**
 * npm run bench:ldap: the same N objects (default 20,000) of the Samba lab, dumped once with
 * ldapsearch (paged, same attributes, same transport) and once fully assessed by the workbench
 * (discovery, collection, rules, store, scores). Target: the assessment takes at most 1.15 times
 * the raw dump, with flat memory.
 */
const N = Number(process.env.BENCH_LDAP_OBJECTS ?? 20_000);
const lab = await startLab();
const { baseDn } = await seedLab(N, `Bench${N}`);

const env = { ...process.env, LDAPTLS_CACERT: lab.caFile! };
// The dump goes to a file, as an administrator's would: holding it here would distort our RSS.
const dumpFile = openSync(join(LAB, 'bench-dump.ldif'), 'w');
const t0 = process.hrtime.bigint();
const dump = spawnSync('ldapsearch', ['-LLL', '-x', '-H', lab.url!, '-D', LAB_INFO.bindUser, '-w', LAB_INFO.password, '-E', 'pr=1000/noprompt', '-b', baseDn, EXPORT_FILTER, ...EXPORT_ATTRIBUTES.filter((a) => a !== 'member'), `member;range=0-${RANGE_STEP - 1}`, 'objectGUID', 'objectSid'], { env, stdio: ['ignore', dumpFile, 'pipe'] });
const dumpSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
if (dump.status !== 0) throw new Error(`ldapsearch failed: ${String(dump.stderr)}`);

const db = join(LAB, 'bench-ldap.sqlite');
for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
const ws = new Workspace(db);
const profile = { ...parseLdapUrl(lab.url!), bindUser: LAB_INFO.bindUser, caFiles: [lab.caFile!], globalCatalog: false, bases: [baseDn], excludes: [], pageSize: 1000, timeoutMs: 60_000 };
let peak = process.memoryUsage().rss;
// Sampled every 200 ms: process.memoryUsage() reads /proc, and sampling faster would slow the timed run.
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
const t1 = process.hrtime.bigint();
const { summary } = await assess(ws, openLdapSource(profile, LAB_INFO.password), runOptions());
const assessSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
clearInterval(sampler);
ws.close();

const ratio = assessSeconds / dumpSeconds;
console.log(`${summary.objects.toLocaleString('en-US')} objects over LDAPS from Samba`);
console.log(`ldapsearch dump:       ${dumpSeconds.toFixed(2)} s (${Math.round(summary.objects / dumpSeconds).toLocaleString('en-US')} objects/s)`);
console.log(`workbench assessment:  ${assessSeconds.toFixed(2)} s (${Math.round(summary.objects / assessSeconds).toLocaleString('en-US')} objects/s), peak RSS ${Math.round(peak / 2 ** 20)} MB`);
console.log(`ratio ${ratio.toFixed(2)} (${ratio <= 1.15 ? 'meets' : 'MISSES'} the 1.15 target)`);
