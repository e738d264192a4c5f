import { parentPort, workerData } from 'node:worker_threads';
import { parseFilter } from '../../shared/ldap-filter.ts';
import { routingContext } from '../engine/routing.ts';
import { openSource } from '../runs/registry.ts';
import { AssessmentCancelled, runAssessment } from '../runs/run-assessment.ts';
import { Workspace } from '../store/workspace.ts';
import type { ScanJob, WorkerReport } from './scan-job.ts';

/**
 * One scan or import, off the app's main thread so the window never freezes: the same run as the
 * command line's (runs/run-assessment.ts), on a connection of its own to the workspace file (WAL
 * lets the app read while it writes).
 */
const job = workerData as ScanJob;
const port = parentPort!;
const report = (r: WorkerReport): void => port.postMessage(r);
const controller = new AbortController();
port.on('message', (m: { type: string }) => {
  if (m.type === 'cancel') controller.abort();
});

const workspace = new Workspace(job.dbPath);
let live = false;
try {
  const sources = job.sources.map(openSource);
  live = sources.some((s) => s.interruptible === true);
  const { scope } = job;
  await runAssessment(
    workspace,
    sources,
    {
      scope: { includeOus: scope.includeOus, excludeOus: scope.excludeOus, filter: scope.filter ? parseFilter(scope.filter) : undefined, excludeDisabled: scope.excludeDisabled },
      scopeDescription: scope,
      routableSuffixes: job.routableSuffixes,
      tenantDomains: job.tenantDomains,
      cloud: job.cloud,
      ctx: routingContext({ routableSuffixes: job.routableSuffixes, tenantDomains: job.tenantDomains }),
    },
    {
      engagementId: job.engagementId,
      signal: controller.signal,
      progressEveryMs: 250,
      onStart: (id) => report({ type: 'started', assessmentId: id }),
      onProgress: (p) => report({ type: 'progress', objects: p.objects, objectsPerSecond: p.objectsPerSecond, elapsedMs: p.elapsedMs, fraction: p.fraction ?? null }),
      onCompleted: (id) => report({ type: 'done', assessmentId: id }),
    },
  );
} catch (err) {
  const cancelled = err instanceof AssessmentCancelled;
  report({ type: 'failed', message: err instanceof Error ? err.message : String(err), cancelled, interrupted: cancelled || live });
} finally {
  workspace.close();
}
