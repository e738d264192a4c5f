import type { Scope } from '../../shared/api/contract.ts';
import type { SourceSpec } from '../runs/registry.ts';

/** What the app hands a scan worker, and what the worker reports back. Plain data: it crosses threads. */

export interface ScanJob {
  dbPath: string;
  engagementId: number;
  /** One run's sources, in order (several forests or domains are one run). */
  sources: SourceSpec[];
  cloud: 'gcc' | 'gcc-high' | 'dod';
  tenantDomains: string[];
  routableSuffixes: string[];
  scope: Scope;
}

export type WorkerReport =
  | { type: 'started'; assessmentId: number }
  | { type: 'progress'; objects: number; objectsPerSecond: number; elapsedMs: number; fraction: number | null }
  | { type: 'done'; assessmentId: number }
  | { type: 'failed'; message: string; cancelled: boolean; interrupted: boolean };
