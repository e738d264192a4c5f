import type Database from 'better-sqlite3';
import { EXCLUSION_REASONS, type ExclusionReason } from '../../shared/rules/scope.ts';
import type { AssessmentSummary, SourceDescriptor } from '../engine/summary.ts';
import type { StagedFile } from '../files/staged-files.ts';
import { iterateExcluded, iterateFindings } from '../store/queries.ts';
import { TOOL } from '../version.ts';
import { Redactor } from './redact.ts';

export interface RunInfo {
  assessmentId: number;
  startedAt: string;
  finishedAt: string | null;
  source: SourceDescriptor;
  summary: AssessmentSummary;
}

/**
 * findings.json (schemaVersion 1): one finding per (object, attribute, value, errorType). Written
 * as a stream so a run with a million findings never builds one huge string.
 */
export function writeFindingsJson(db: Database.Database, run: RunInfo, out: StagedFile, r = new Redactor(false)): void {
  const head = {
    schemaVersion: 1,
    tool: TOOL,
    source: r.data(run.source),
    assessment: { id: run.assessmentId, startedAt: run.startedAt, finishedAt: run.finishedAt },
    summary: r.data(run.summary),
    redacted: r.enabled,
  };
  out.write(JSON.stringify(head, null, 2).replace(/\n}$/, ',\n  "excluded": ['));
  let first = true;
  for (const e of iterateExcluded(db, run.assessmentId)) {
    const reason = EXCLUSION_REASONS[e.reasonCode as ExclusionReason] ?? e.reasonCode;
    out.write(`${first ? '\n' : ',\n'}    ${JSON.stringify({ dn: r.text(e.dn), objectClass: e.objectClass, reason, reasonCode: e.reasonCode })}`);
    first = false;
  }
  out.write(`${first ? '' : '\n  '}],\n  "findings": [`);
  first = true;
  for (const f of iterateFindings(db, run.assessmentId)) {
    const shown = r.enabled ? { ...f, dn: r.text(f.dn)!, value: r.value(f.value), suggestedValue: r.value(f.suggestedValue ?? null) ?? undefined, relatedDns: f.relatedDns?.map((d) => r.text(d)!) } : f;
    out.write(`${first ? '\n' : ',\n'}    ${JSON.stringify(shown)}`);
    first = false;
  }
  out.write(`${first ? '' : '\n  '}]\n}\n`);
}
