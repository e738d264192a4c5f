import { spawnSync } from 'node:child_process';
import { closeSync, openSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openSource } from '../../main/runs/registry.ts';
import { parseLdapUrl } from '../../main/directory/ldap/profile.ts';
import { runAssessment as assess } from '../../main/runs/run-assessment.ts';
import { Workspace } from '../../main/store/workspace.ts';
import { EXPORT_ATTRIBUTES, EXPORT_FILTER } from '../../main/directory/export-instructions.ts';
import { LAB, LAB_INFO, startLab } from '../../scripts/lab/lab.ts';
import { seedLab } from '../../scripts/lab/seed.ts';
import { RANGE_STEP } from '../../main/directory/ldap/collect.ts';
import { runOptions } from '../helpers.ts';

/**
 * npm run bench:ldap: the same N objects (default 20,000) of the Samba lab, dumped with ldapsearch
 * (paged, same attributes, same transport) and fully assessed by the workbench (discovery,
 * collection, rules, store, scores), one after the other in each of 3 rounds (BENCH_LDAP_ROUNDS).
 * Target: the assessment takes at most 1.15 times the raw dump, with flat memory.
 */
const N = Number(process.env.BENCH_LDAP_OBJECTS ?? 20_000);
const lab = await startLab();
const { baseDn } = await seedLab(N, `Bench${N}`);

const ROUNDS = Number(process.env.BENCH_LDAP_ROUNDS ?? 3);
const env = { ...process.env, LDAPTLS_CACERT: lab.caFile! };
const profile = { ...parseLdapUrl(lab.url!), bindUser: LAB_INFO.bindUser, caFiles: [lab.caFile!], globalCatalog: false, bases: [baseDn], excludes: [], pageSize: 1000, timeoutMs: 60_000 };

function timedDump(): number {
  // The dump goes to a file, as an administrator's would: holding it here would distort our RSS.
  const dumpFile = openSync(join(LAB, 'bench-dump.ldif'), 'w');
  const t0 = process.hrtime.bigint();
  const dump = spawnSync('ldapsearch', ['-LLL', '-x', '-H', lab.url!, '-D', LAB_INFO.bindUser, '-w', LAB_INFO.password, '-E', 'pr=1000/noprompt', '-b', baseDn, EXPORT_FILTER, ...EXPORT_ATTRIBUTES.filter((a) => a !== 'member'), `member;range=0-${RANGE_STEP - 1}`, 'objectGUID', 'objectSid'], { env, stdio: ['ignore', dumpFile, 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  closeSync(dumpFile);
  if (dump.status !== 0) throw new Error(`ldapsearch failed: ${String(dump.stderr)}`);
  return seconds;
}

let peak = process.memoryUsage().rss;
async function timedAssessment(): Promise<{ seconds: number; objects: number }> {
  const db = join(LAB, 'bench-ldap.sqlite');
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const ws = new Workspace(db);
  // Sampled every 200 ms: process.memoryUsage() reads /proc, and sampling faster would slow the timed run.
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
  const t1 = process.hrtime.bigint();
  const { summary } = await assess(ws, openSource({ kind: 'ldap', profile: profile, credentials: { method: 'password', password: LAB_INFO.password } }), runOptions());
  const seconds = Number(process.hrtime.bigint() - t1) / 1e9;
  clearInterval(sampler);
  ws.close();
  return { seconds, objects: summary.objects };
}

// Rounds alternate the two reads, so a server that is still warming up (its caches just after
// lab:start) or a busy moment of the machine weighs on both; the median round is the figure.
const rounds: { dump: number; assessment: number; objects: number }[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const dump = timedDump();
  const { seconds, objects } = await timedAssessment();
  rounds.push({ dump, assessment: seconds, objects });
  console.log(`round ${i + 1}: ldapsearch ${dump.toFixed(2)} s, workbench ${seconds.toFixed(2)} s, ratio ${(seconds / dump).toFixed(2)}`);
}
const { dump: dumpSeconds, assessment: assessSeconds, objects } = [...rounds].sort((x, y) => x.assessment / x.dump - y.assessment / y.dump)[Math.floor(rounds.length / 2)]!;
const ratio = assessSeconds / dumpSeconds;
console.log(`${objects.toLocaleString('en-US')} objects over LDAPS from Samba; median of ${ROUNDS} rounds:`);
console.log(`ldapsearch dump:       ${dumpSeconds.toFixed(2)} s (${Math.round(objects / dumpSeconds).toLocaleString('en-US')} objects/s)`);
console.log(`workbench assessment:  ${assessSeconds.toFixed(2)} s (${Math.round(objects / assessSeconds).toLocaleString('en-US')} objects/s), peak RSS ${Math.round(peak / 2 ** 20)} MB`);
console.log(`ratio ${ratio.toFixed(2)} (${ratio <= 1.15 ? 'meets' : 'MISSES'} the 1.15 target)`);
