import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { closeAppContext, openAppContext } from '../../main/app/app-context.ts';
import { createHandlers } from '../../main/handlers/index.ts';
import { NO_KEYRING } from '../../main/handlers/secret-vault.ts';
import { indexForSearch, writeRollup } from '../../main/store/findings-grid.ts';
import { SEVERITY_RANK } from '../../main/store/severity-rank.ts';
import type { FindingsFilter } from '../../shared/api/contract.ts';
import { RULES } from '../../shared/rules/catalogue.ts';
import { openFileSource, SAMPLE_DIRECTORY } from '../../main/directory/file-source.ts';
import { runAssessment } from '../../main/runs/run-assessment.ts';
import { runOptions } from '../helpers.ts';

/**
 * npm run bench:ui-queries: the findings grid's page, sort, filter and group queries, answered by
 * the real handlers over an assessment of 1,000,000 findings. Target: p95 ≤ 50 ms for each.
 * The assessment is synthesized straight into SQLite (a real run of that size needs about seven
 * million objects): realistic DNs, OUs, values and a skewed rule mix, as the engine writes them.
 */
const FINDINGS = Number(process.env.BENCH_FINDINGS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_REPEAT ?? 25);
const DIR = resolve('.bench', `ui-${FINDINGS}`);

const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'José', 'Zoë'];
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Wilson', 'Anderson', 'Thomas', "O'Brien"];
const REGIONS = Array.from({ length: 40 }, (_, i) => `Region ${String(i + 1).padStart(2, '0')}`);
const UNITS = ['Staff', 'Field', 'Contractors', 'Service Accounts', 'Shared Mailboxes'];

async function build(dataFolder: string): Promise<void> {
  const ctx = openAppContext(dataFolder, NO_KEYRING);
  const db = ctx.workspace.db;
  const engagement = Number(db.prepare("INSERT INTO engagements (customer, cloud, created_at) VALUES ('Bench', 'gcc-high', '2026-01-01')").run().lastInsertRowid);
  // A run record that reads as a real one: the sample's, with this assessment's counts.
  const sample = await runAssessment(ctx.workspace, openFileSource(SAMPLE_DIRECTORY, 'sample'), runOptions({ cloud: 'gcc-high' }));
  const summary = { ...sample.summary, findings: FINDINGS, objects: Math.round(FINDINGS / 2.5) };
  const id = Number(
    db.prepare(`INSERT INTO assessments (started_at, finished_at, status, source_kind, source_label, source_json, options_json, tool_version, summary_json, engagement_id)
      VALUES ('2026-01-01', '2026-01-01', 'completed', 'ldif', 'bench', '{}', '{}', 'bench', ?, ?)`).run(JSON.stringify(summary), engagement).lastInsertRowid,
  );
  // A skewed mix: a few rules (blank mailNickname, unverified UPN…) make most findings, as in real directories.
  const weighted = RULES.flatMap((r, i) => Array<typeof r>(Math.max(1, 40 - i)).fill(r));
  const insert = db.prepare(`INSERT INTO findings (assessment_id, object_id, attribute, value, error_type, rule_id, severity, suggested_value, related_dns_json, dn, object_class, ou, severity_rank)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)`);
  // Each object as the engine stores it, with the unique values the name search reads (its account name is u<n>).
  const object = db.prepare(`INSERT OR IGNORE INTO objects (assessment_id, id, dn, object_class, ou, in_scope, excluded_reason, mail_enabled, attributes_json, unique_values)
    VALUES (?, ?, ?, ?, ?, 1, NULL, 1, '{}', ?)`);
  const decide = db.prepare(`INSERT OR IGNORE INTO decisions (engagement_id, dn, rule_id, value_key, attribute, kind, reason, decided_at) VALUES (?, ?, ?, ?, ?, 'exception', 'bench', '2026-01-01')`);
  let seed = 42;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  db.transaction(() => {
    for (let i = 0; i < FINDINGS; i++) {
      const objectId = Math.floor(i / 2.5);
      const n = objectId;
      const first = FIRST[n % FIRST.length]!;
      const last = LAST[(n >> 4) % LAST.length]!;
      const ou = `OU=${UNITS[n % UNITS.length]},OU=${REGIONS[(n >> 3) % REGIONS.length]},DC=agency,DC=local`;
      const dn = `CN=${first} ${last} ${n},${ou}`;
      const rule = weighted[rand(weighted.length)]!;
      const local = `${first}.${last}${n}`.toLowerCase();
      const value = rule.errorType === 'blank' ? null : `${local}@${rand(3) === 0 ? 'agency.local' : 'agency.gov'}`;
      const objectClass = n % 10 === 0 ? 'contact' : n % 17 === 0 ? 'group' : 'user';
      insert.run(id, objectId, rule.attribute, value, rule.errorType, rule.ruleId, rule.severity, value ? `${local}@agency.gov` : null, dn, objectClass, ou, SEVERITY_RANK[rule.severity]);
      object.run(id, objectId, dn, objectClass, ou, JSON.stringify([['samaccountname', `u${n}`], ['userprincipalname', `${local}@agency.gov`], ['mail', `${local}@agency.gov`]]));
      if (i % 500 === 0) decide.run(engagement, dn, rule.ruleId, value ?? '', rule.attribute);
    }
  })();
  // What a completed run gets: the roll-up and planner statistics at once, the text index right after.
  writeRollup(db, id);
  indexForSearch(db, id);
  void closeAppContext(ctx);
}

interface Case {
  name: string;
  filter: (i: number) => FindingsFilter;
  sort?: 'severity' | 'rule' | 'dn' | 'attribute' | 'errorType';
  descending?: boolean;
  offset?: (i: number) => number;
  groups?: 'rule' | 'ou';
}

const CASES: Case[] = [
  { name: 'first page, default sort', filter: () => ({}) },
  { name: 'sort by object DN', filter: () => ({}), sort: 'dn' },
  { name: 'sort by attribute, descending', filter: () => ({}), sort: 'attribute', descending: true },
  { name: 'sort by error type', filter: () => ({}), sort: 'errorType' },
  { name: 'scrolled deep (random page)', filter: () => ({}), offset: (i) => ((i * 7919) % 9900) * 100 },
  { name: 'filter rule', filter: (i) => ({ ruleId: RULES[i % RULES.length]!.ruleId }) },
  { name: 'filter severity, sort DN', filter: (i) => ({ severity: (['blocker', 'error', 'warning'] as const)[i % 3] }), sort: 'dn' },
  { name: 'filter error type', filter: () => ({ errorType: 'character' }) },
  { name: 'filter class', filter: () => ({ objectClass: 'contact' }), sort: 'rule' },
  { name: 'filter OU', filter: (i) => ({ ou: `OU=Staff,OU=${REGIONS[i % REGIONS.length]},DC=agency,DC=local` }) },
  { name: 'text: a person', filter: (i) => ({ text: `${LAST[i % LAST.length]!.toLowerCase()} ${1000 + i * 37}` }) },
  { name: 'text: a domain (common)', filter: () => ({ text: 'agency.local' }) },
  { name: 'text + severity', filter: (i) => ({ text: FIRST[i % FIRST.length]!, severity: 'error' }) },
  { name: 'text, scrolled', filter: () => ({ text: 'smith' }), offset: (i) => (i % 20) * 100 },
  { name: "text: an account name (the object's, not the value)", filter: (i) => ({ text: `u${100_003 + i * 7919}` }) },
  { name: 'text: an account name + rule', filter: (i) => ({ text: `u${200_011 + i * 104_729}`, ruleId: RULES[i % RULES.length]!.ruleId }) },
  { name: 'decision: exceptions only', filter: () => ({ decision: 'exception' }), sort: 'dn' },
  { name: 'decision: still open', filter: (i) => ({ decision: 'open', severity: (['blocker', 'error', 'warning'] as const)[i % 3] }) },
  { name: 'group by rule', filter: () => ({}), groups: 'rule' },
  { name: 'group by OU, filtered by severity', filter: () => ({ severity: 'blocker' }), groups: 'ou' },
];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main(): Promise<void> {
  const dataFolder = join(DIR, 'data');
  if (process.argv.includes('--rebuild')) rmSync(DIR, { recursive: true, force: true });
  if (!existsSync(join(dataFolder, 'workspace.sqlite'))) {
    mkdirSync(DIR, { recursive: true });
    const t = performance.now();
    await build(dataFolder);
    console.error(`built ${FINDINGS.toLocaleString('en-US')} findings in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const ctx = openAppContext(dataFolder, NO_KEYRING);
  const handlers = createHandlers(ctx);
  const assessmentId = (ctx.workspace.db.prepare('SELECT max(id) AS id FROM assessments').get() as { id: number }).id;
  const rows: { query: string; p50: number; p95: number; max: number; rows: number }[] = [];
  for (const c of CASES) {
    const times: number[] = [];
    let returned = 0;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      if (c.groups) {
        returned = (await handlers['findings.groups']({ assessmentId, by: c.groups, filter: c.filter(i) })).length;
      } else {
        const page = await handlers['findings.page']({ assessmentId, filter: c.filter(i), sort: c.sort ?? 'severity', descending: c.descending ?? false, offset: c.offset?.(i) ?? 0, limit: 100 });
        returned = page.rows.length;
      }
      times.push(performance.now() - t);
    }
    rows.push({ query: c.name, p50: +pct(times, 50).toFixed(1), p95: +pct(times, 95).toFixed(1), max: +Math.max(...times).toFixed(1), rows: returned });
  }
  await closeAppContext(ctx);
  console.table(rows);
  const worst = Math.max(...rows.map((r) => r.p95));
  console.log(JSON.stringify({ findings: FINDINGS, repeat: RUNS, worstP95Ms: worst, targetMs: 50, met: worst <= 50 }));
}

await main();
