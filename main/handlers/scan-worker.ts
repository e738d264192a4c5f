import { parentPort, workerData } from 'node:worker_threads';
import { parseFilter } from '../../shared/ldap-filter.ts';
import { openLdapSource } from '../directory/ldap/ldap-source.ts';
import { openFileSource, SAMPLE_DIRECTORY } from '../directory/file-source.ts';
import { assess, AssessmentCancelled, type Source } from '../engine/assess.ts';
import { routingContext } from '../engine/routing.ts';
import { recordScoresWithExceptions } from '../store/decisions.ts';
import { indexForSearch } from '../store/findings-grid.ts';
import { Workspace } from '../store/workspace.ts';
import type { ScanJob, WorkerReport } from './scan-job.ts';

/**
 * One scan or import, off the app's main thread so the window never freezes. It has its own
 * connection to the workspace file (WAL lets the app read while it writes).
 */
const job = workerData as ScanJob;
const port = parentPort!;
const report = (r: WorkerReport): void => port.postMessage(r);
const controller = new AbortController();
port.on('message', (m: { type: string }) => {
  if (m.type === 'cancel') controller.abort();
});

function openSource(): Source {
  const s = job.source;
  if (s.kind === 'ldap') return openLdapSource(s.profile, s.password);
  return s.kind === 'sample' ? openFileSource(SAMPLE_DIRECTORY, 'sample') : openFileSource(s.path);
}

const workspace = new Workspace(job.dbPath);
let interruptedRun = false;
try {
  const source = openSource();
  interruptedRun = source.interruptible === true;
  const { scope } = job;
  const { assessmentId } = await assess(
    workspace,
    source,
    {
      scope: { includeOus: scope.includeOus, excludeOus: scope.excludeOus, filter: scope.filter ? parseFilter(scope.filter) : undefined, excludeDisabled: scope.excludeDisabled },
      scopeDescription: scope,
      routableSuffixes: job.routableSuffixes,
      tenantDomains: job.tenantDomains,
      cloud: job.cloud,
      ctx: routingContext({ routableSuffixes: job.routableSuffixes, tenantDomains: job.tenantDomains }),
    },
    {
      signal: controller.signal,
      progressEveryMs: 250,
      onStart: (id) => {
        workspace.db.prepare('UPDATE assessments SET engagement_id = ? WHERE id = ?').run(job.engagementId, id);
        report({ type: 'started', assessmentId: id });
      },
      onProgress: (p) => report({ type: 'progress', objects: p.objects, objectsPerSecond: p.objectsPerSecond, elapsedMs: p.elapsedMs, fraction: p.fraction ?? null }),
    },
  );
  // Exceptions decided on earlier runs apply to this one.
  recordScoresWithExceptions(workspace.db, assessmentId);
  report({ type: 'done', assessmentId });
  // The run is usable now; free-text search gets its index right after (seconds at a million findings).
  indexForSearch(workspace.db, assessmentId);
} catch (err) {
  const cancelled = err instanceof AssessmentCancelled;
  report({ type: 'failed', message: err instanceof Error ? err.message : String(err), cancelled, interrupted: cancelled || interruptedRun });
} finally {
  workspace.close();
}
