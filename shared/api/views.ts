import type { PlanItem } from '../plan.ts';
import type { ChecklistEntry } from '../checklist.ts';
import type { Severity } from '../findings.ts';
import type { CheckStatus, PointsLost } from '../scoring.ts';
import type { Engagement, FindingRowView, Profile, RunView, ScanStatus } from './contract.ts';

/** What each channel answers: plain data the renderer can show, never a secret. */

export interface AppInfo {
  tool: { name: string; version: string };
  tldList: { package: string; version: string; date: string | null; count: number };
  dataFolder: string;
  workspaceFile: string;
  /** Where a remembered password would live: the OS keyring, or only this session's memory. */
  secretStorage: 'keyring' | 'memory-only';
}

export interface CategoryView {
  category: string;
  title: string;
  weight: number;
  score: number | null;
  adjustedScore: number | null;
  lost: PointsLost[];
}

export interface DashboardView {
  run: RunView;
  previous: RunView | null;
  trend: { id: number; startedAt: string; overall: number | null; blockers: number | null }[];
  totals: { objects: number; inScope: number; excluded: number; mailEnabled: number; findings: number; blockers: number; excepted: number };
  readyToSynchronize: boolean;
  /** Whether the data could say how ready the directory is (domain.md §8), with the reason in words when not. */
  readiness: { status: 'assessed' | 'not-assessed' | 'incomplete'; reason: string | null };
  /** What the sources could not say, in words (the same lines as the CLI and the PDF). */
  coverageNotes: string[];
  bySeverity: Record<Severity, number>;
  byClass: Record<string, { objects: number; inScope: number }>;
  categories: CategoryView[];
  /** The engine's score, the run's recorded score with exceptions, and (when decisions changed since) what the next run would score. */
  overall: { score: number | null; adjusted: number | null; projected: number | null };
  /** What to fix, in order (shared/plan.ts): what blocks synchronization first, then by points regained per object. */
  plan: PlanItem[];
  weights: { severity: Record<string, number>; category: Record<string, number> };
  cloud: Engagement['cloud'];
  tldList: AppInfo['tldList'];
  /** What each source of the run contributed (several forests or domains are one run). */
  sources: { id: number; kind: string; label: string; objects: number; inScope: number; excluded: number; findings: number; blockers: number }[];
}

export interface ObjectDetail {
  objectId: number;
  dn: string;
  objectClass: string;
  ou: string;
  inScope: boolean;
  excludedReason: string | null;
  /** Every attribute as read; binary values are shown as base64. */
  attributes: Record<string, string[]>;
  findings: FindingRowView[];
}

/** A page of the object browser: each object with its findings, and the source it was read from. */
export interface ObjectsPage {
  rows: { objectId: number; dn: string; objectClass: 'user' | 'contact' | 'group'; ou: string; inScope: boolean; excludedReason: string | null; findings: number; blockers: number; source: string }[];
  total: number;
  totalIsExact: boolean;
  sources: { id: number; label: string }[];
}

/** One duplicated value and a page of the objects holding it, in DN order. */
export interface DuplicateHolders {
  groupId: number;
  namespace: string;
  value: string;
  holders: number;
  rows: { objectId: number; dn: string }[];
}

/** What an imported findings.csv did, row by row (refused rows first, each with its line and why). */
export interface DecisionsImportView {
  file: string;
  encoding: 'utf-8' | 'windows-1252' | 'utf-16le';
  counts: Record<'accepted' | 'excepted' | 'cleared' | 'unchanged' | 'refused', number>;
  rows: { line: number; dn: string; ruleId: string; outcome: 'accepted' | 'excepted' | 'cleared' | 'unchanged' | 'refused'; reason?: string }[];
}

export interface DirectoryView {
  checks: { id: string; title: string; status: CheckStatus; detail: string }[];
  evidence: Record<string, unknown> | null;
  source: { kind: string; label: string };
}

export interface CompletenessView {
  rows: { attribute: string; objectClass: string; ou: string; total: number; complete: number }[];
}

export interface ApiResults {
  'app.info': AppInfo;
  'rules.context': { tlds: string[] };
  'engagements.list': Engagement[];
  'engagements.save': Engagement;
  'engagements.setExportFiles': Engagement;
  'engagements.delete': { deleted: boolean };
  'profiles.list': Profile[];
  'profiles.save': Profile;
  'profiles.delete': { deleted: boolean };
  'profiles.test': { ok: boolean; message: string; details: string[] };
  'files.pickExport': { path: string | null };
  'scans.start': { scanId: number };
  'scans.status': ScanStatus;
  'scans.cancel': ScanStatus;
  'runs.list': RunView[];
  'runs.dashboard': DashboardView;
  'findings.page': { rows: FindingRowView[]; total: number; totalIsExact: boolean };
  'findings.groups': { key: string; label: string; count: number }[];
  'objects.detail': ObjectDetail;
  'objects.page': ObjectsPage;
  'duplicates.holders': DuplicateHolders;
  'decisions.accept': { changed: number; projected: RunView['adjusted'] };
  'decisions.exception': { changed: number; projected: RunView['adjusted'] };
  'decisions.clear': { changed: number; projected: RunView['adjusted'] };
  'decisions.importCsv': DecisionsImportView;
  'excluded.page': { rows: { objectId: number; dn: string; objectClass: string; reason: string; description: string }[]; total: number };
  'completeness.get': CompletenessView;
  'directory.get': DirectoryView;
  'checklist.get': ChecklistView;
  'checklist.update': ChecklistView;
  'reports.export': { folder: string | null; files: string[] };
  'settings.moveDataFolder': { folder: string | null; restarting: boolean };
  /** Bytes of the workspace before and after, and how many failed or interrupted runs lost their rows. */
  'settings.compactWorkspace': { before: number; after: number; runsCleared: number };
}

export interface ChecklistView {
  entries: ChecklistEntry[];
  sections: string[];
  templateVersion: string;
  /** The items as they stand now, and as the run recorded them when it completed (its scores use that). */
  progress: number | null;
  recordedProgress: number | null;
  endpoints: { name: string; snapshotDate: string; source: string };
}

/** A failure the person can act on, carried across any transport as plain data. */
export interface ApiFailure {
  error: { code: 'invalid-argument' | 'not-found' | 'failed'; message: string };
}
