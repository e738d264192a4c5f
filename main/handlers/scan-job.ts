import type { Scope } from '../../shared/api/contract.ts';
import type { ConnectionProfile } from '../directory/ldap/profile.ts';

/** What the app hands a scan worker, and what the worker reports back. Plain data: it crosses threads. */

export type JobSource = { kind: 'sample' } | { kind: 'file'; path: string } | { kind: 'ldap'; profile: ConnectionProfile; password: string };

export interface ScanJob {
  dbPath: string;
  engagementId: number;
  source: JobSource;
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
