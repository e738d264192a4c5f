import type { RunView } from '../../shared/api/contract.ts';
import { settingsInWords } from '../../shared/run-settings.ts';
import type { RunRecord } from '../runs/run-record.ts';

/** A run as the renderer sees it: counts and scores, the engine's and after exceptions. */
export function toRunView(run: RunRecord): RunView {
  const s = run.summary;
  return {
    id: run.id,
    engagementId: run.engagementId,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    status: run.status,
    sourceLabel: run.sourceLabel,
    settings: settingsInWords(run.settings),
    error: run.error,
    objects: s?.objects ?? null,
    findings: s?.findings ?? null,
    blockers: s?.blockers ?? null,
    scores: s?.scores ?? null,
    adjusted: run.adjusted,
  };
}
