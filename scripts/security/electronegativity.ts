import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs @doyensec/electronegativity on the project (offline), reads its SARIF report and fails on
 * any finding not accepted in electronegativity-exceptions.json. Prints one line per finding.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

interface Exception {
  check: string;
  files: string[];
  reason: string;
  cspOnlyFinding?: string;
}
interface SarifResult {
  ruleId: string;
  message: { text: string };
  locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }[];
}

const CSP_META = /http-equiv="Content-Security-Policy" content="([^"]+)"/;

/** csp-evaluator's remarks on a page's policy, as electronegativity would see them. */
function cspRemarks(file: string): string[] {
  const csp = require('@doyensec/csp-evaluator') as {
    CspParser: new (p: string) => { csp: unknown };
    CspEvaluator: new (c: unknown, v: unknown) => { evaluate(): { description: string }[] };
    Version: { CSP3: unknown };
  };
  const policy = CSP_META.exec(readFileSync(`${ROOT}${file}`, 'utf8'))?.[1];
  if (!policy) return ['no CSP found'];
  return new csp.CspEvaluator(new csp.CspParser(policy).csp, csp.Version.CSP3).evaluate().map((f) => f.description);
}

function accepted(result: SarifResult, file: string, exceptions: Exception[]): Exception | undefined {
  return exceptions.find((e) => {
    if (e.check !== result.ruleId || !e.files.includes(file)) return false;
    if (e.cspOnlyFinding === undefined) return true;
    const remarks = cspRemarks(file);
    return remarks.length === 1 && remarks[0] === e.cspOnlyFinding;
  });
}

export function runElectronegativity(input = ROOT, sarifPath = `${ROOT}out/electronegativity.sarif`): { findings: string[]; accepted: string[] } {
  mkdirSync(dirname(sarifPath), { recursive: true });
  const cli = require.resolve('@doyensec/electronegativity/dist/index.js');
  const run = spawnSync(process.execPath, ['--require', `${ROOT}scripts/security/offline-got.cjs`, cli, '-i', input, '-o', sarifPath, '-r'], { cwd: input, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`electronegativity failed (exit ${run.status}): ${run.stderr || run.stdout}`);
  const sarif = JSON.parse(readFileSync(sarifPath, 'utf8')) as { runs: { results: SarifResult[] }[] };
  const { exceptions } = JSON.parse(readFileSync(new URL('./electronegativity-exceptions.json', import.meta.url), 'utf8')) as { exceptions: Exception[] };
  const findings: string[] = [];
  const acceptedList: string[] = [];
  for (const result of sarif.runs.flatMap((r) => r.results)) {
    const location = result.locations?.[0]?.physicalLocation;
    const file = (location?.artifactLocation?.uri ?? 'N/A').replace(/^\.\//, '');
    const line = `${result.ruleId} ${file}:${location?.region?.startLine ?? 0} ${result.message.text}`;
    (accepted(result, file, exceptions) ? acceptedList : findings).push(line);
  }
  return { findings, accepted: acceptedList };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { findings, accepted: ok } = runElectronegativity();
  for (const a of ok) console.log(`accepted (see electronegativity-exceptions.json): ${a}`);
  for (const f of findings) console.log(`FINDING: ${f}`);
  console.log(`electronegativity: ${findings.length} findings, ${ok.length} accepted exceptions`);
  process.exitCode = findings.length === 0 ? 0 : 1;
}
