import { Worker } from 'node:worker_threads';
import type { ScanStatus } from '../../shared/api/contract.ts';
import type { ScanJob, WorkerReport } from './scan-job.ts';

interface Scan {
  status: ScanStatus;
  worker: Worker;
  finished: Promise<ScanStatus>;
}

/**
 * Scans in flight, each in its own worker thread. The renderer polls `status` (a transport-neutral
 * pattern: the same over IPC and over the test harness), and `cancel` asks the worker to stop; the
 * run is then kept as interrupted with what it read.
 */
export class ScanManager {
  private nextId = 1;
  private readonly scans = new Map<number, Scan>();

  start(job: ScanJob): number {
    const scanId = this.nextId++;
    const status: ScanStatus = { scanId, state: 'running', objects: 0, objectsPerSecond: 0, elapsedMs: 0, fraction: null, etaMs: null, assessmentId: null, error: null };
    const worker = new Worker(new URL('./scan-worker.ts', import.meta.url), { workerData: job });
    const finished = new Promise<ScanStatus>((resolve) => {
      worker.on('message', (r: WorkerReport) => {
        apply(status, r);
        if (status.state !== 'running') resolve(status);
      });
      worker.on('error', (err) => {
        Object.assign(status, { state: 'failed', error: err.message });
        resolve(status);
      });
      worker.on('exit', () => {
        if (status.state === 'running') Object.assign(status, { state: 'failed', error: 'the scan stopped unexpectedly' });
        resolve(status);
      });
    });
    this.scans.set(scanId, { status, worker, finished });
    return scanId;
  }

  status(scanId: number): ScanStatus | undefined {
    return this.scans.get(scanId)?.status;
  }

  cancel(scanId: number): ScanStatus | undefined {
    const scan = this.scans.get(scanId);
    if (scan?.status.state === 'running') scan.worker.postMessage({ type: 'cancel' });
    return scan?.status;
  }

  finished(scanId: number): Promise<ScanStatus> | undefined {
    return this.scans.get(scanId)?.finished;
  }

  get running(): boolean {
    return [...this.scans.values()].some((s) => s.status.state === 'running');
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.scans.values()].map((s) => s.worker.terminate()));
  }
}

function apply(status: ScanStatus, r: WorkerReport): void {
  // A finished scan stays finished: the search index built after "done" cannot turn it into a failure.
  if (status.state !== 'running') return;
  switch (r.type) {
    case 'started':
      status.assessmentId = r.assessmentId;
      break;
    case 'progress': {
      Object.assign(status, { objects: r.objects, objectsPerSecond: r.objectsPerSecond, elapsedMs: r.elapsedMs, fraction: r.fraction });
      // ETA from the share read so far; a live directory's size is unknown, so it has none.
      status.etaMs = r.fraction && r.fraction > 0.01 ? Math.round(((1 - r.fraction) * r.elapsedMs) / r.fraction) : null;
      break;
    }
    case 'done':
      Object.assign(status, { state: 'completed', assessmentId: r.assessmentId, fraction: 1, etaMs: 0 });
      break;
    case 'failed':
      Object.assign(status, { state: r.cancelled ? 'cancelled' : r.interrupted ? 'interrupted' : 'failed', error: r.message });
      break;
  }
}
