import { evaluateChecklist } from '../checklist/evaluate.ts';
import { assessSources, EngineStopped, type EngineControl } from '../engine/assess.ts';
import { rescoreWithChecklist } from '../engine/summary.ts';
import { indexForSearch } from '../store/findings-grid.ts';
import { indexForSearchInThread } from '../store/search-index-thread.ts';
import type { Workspace } from '../store/workspace.ts';
import { TOOL } from '../version.ts';
import type { AssessmentOptions, Source } from './ports.ts';
import { recordable, type RunSummary } from './run-record.ts';
import { recordScoresWithExceptions } from './scores.ts';

/**
 * A run, whoever starts it (the command line, the app's scan worker, a test): the same steps in
 * the same order. Sources → engine → checklist → scores with the engagement's exceptions → the
 * run's record → the free-text search index. A run that fails keeps only its record and why it
 * stopped; earlier runs are never touched.
 */

export { AssessmentCancelled } from '../engine/assess.ts';

export interface RunControl extends EngineControl {
  /** The engagement the run belongs to (its exceptions and checklist carry over). */
  engagementId?: number | null;
  /** Called once the run is recorded as running, before anything is read. */
  onStart?: (assessmentId: number) => void;
  /** Called once the run is complete and recorded; the search index is built after. */
  onCompleted?: (assessmentId: number) => void;
  /**
   * Where the search index is built: here, before runAssessment returns (the default), or on a
   * thread of its own while the caller goes on (the command line writes its reports meanwhile).
   */
  searchIndex?: 'here' | 'thread';
}

export interface RunResult {
  assessmentId: number;
  summary: RunSummary;
  /** Settled once the run's search index is built (already, unless it is built on a thread). */
  searchIndexed: Promise<void>;
}

/** How the run is listed: its one source, or how many and which. */
function runLabel(sources: readonly Source[]): { kind: string; label: string } {
  if (sources.length === 1) return { kind: sources[0]!.descriptor.kind, label: sources[0]!.descriptor.label };
  return { kind: 'several', label: `${sources.length} sources: ${sources.map((s) => s.descriptor.label).join('; ')}` };
}

export async function runAssessment(workspace: Workspace, source: Source | readonly Source[], options: AssessmentOptions, control: RunControl = {}): Promise<RunResult> {
  const sources = Array.isArray(source) ? (source as readonly Source[]) : [source as Source];
  if (sources.length === 0) throw new Error('a run needs at least one source');
  const { kind, label } = runLabel(sources);
  const id = workspace.beginAssessment({
    sourceKind: kind,
    sourceLabel: label,
    source: sources.length === 1 ? sources[0]!.descriptor : sources.map((s) => s.descriptor),
    options: { scope: options.scopeDescription, routableSuffixes: options.routableSuffixes, tenantDomains: options.tenantDomains, cloud: options.cloud },
    toolVersion: TOOL.version,
    engagementId: control.engagementId ?? null,
  });
  control.onStart?.(id);
  let summary: RunSummary;
  try {
    const result = await assessSources(workspace, id, sources, options, control);
    summary = recordable(result.summary);
    rescoreWithChecklist(summary, evaluateChecklist(workspace.db, id, options.cloud, summary));
    workspace.completeAssessment(id, summary, result.rollup);
  } catch (err) {
    const stopped = err instanceof EngineStopped ? err : new EngineStopped(err, false, false);
    try {
      workspace.endAssessment(id, stopped.interrupted ? 'interrupted' : 'failed', stopped.message, stopped.keptRows);
    } catch {
      // A full disk can refuse this too: the run then stays "running" until recovery marks it
      // interrupted. The cause the person needs is the first failure, not this one.
    }
    throw stopped.cause;
  }
  // Exceptions decided on earlier runs of the engagement apply to this one.
  recordScoresWithExceptions(workspace.db, id);
  control.onCompleted?.(id);
  // The run is usable now; free-text search gets its index right after (seconds at a million findings).
  if (control.searchIndex === 'thread') return { assessmentId: id, summary, searchIndexed: indexForSearchInThread(workspace.path, id) };
  indexForSearch(workspace.db, id);
  return { assessmentId: id, summary, searchIndexed: Promise.resolve() };
}
