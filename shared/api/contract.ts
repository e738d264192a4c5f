import { z } from 'zod';
import { ERROR_TYPES, SEVERITIES } from '../findings.ts';
import { MANUAL_STATUSES } from '../checklist.ts';
import type { Channel } from './channels.ts';

/**
 * The one API between the renderer and main, whatever carries it (Electron IPC in the app, a
 * loopback HTTP harness in tests). Every argument is validated against these schemas in main
 * before a handler sees it; results are typed from them so both sides agree at compile time.
 * Nothing here may ever carry a password back to the renderer.
 */

const id = z.number().int().positive();
const text = (max: number) => z.string().max(max);
const domainList = z.array(text(253)).max(200);

export const CLOUDS = ['gcc', 'gcc-high', 'dod'] as const;
export const CLOUD_NAMES: Readonly<Record<(typeof CLOUDS)[number], string>> = { gcc: 'GCC', 'gcc-high': 'GCC High', dod: 'DoD' };
export const REPORT_FORMATS = ['findings', 'pdf', 'xlsx', 'csv', 'md', 'json', 'ldif', 'ps1'] as const;
export const cloud = z.enum(CLOUDS);

export const scope = z.object({
  includeOus: z.array(text(2048)).max(100),
  excludeOus: z.array(text(2048)).max(100),
  filter: text(4096).nullable(),
  excludeDisabled: z.boolean(),
});
export type Scope = z.infer<typeof scope>;

export const engagementInput = z.object({
  id: id.optional(),
  customer: z.string().trim().min(1).max(200),
  cloud,
  tenantDomains: domainList,
  routableSuffixes: domainList,
  scope,
});
export type EngagementInput = z.infer<typeof engagementInput>;
/** An engagement as stored: its offline exports (one per forest or domain) are kept with it. */
export type Engagement = EngagementInput & { id: number; exportFiles: string[]; createdAt: string; runs: number; lastScore: number | null };

export const SECURITIES = ['ldaps', 'starttls', 'plain'] as const;
export const profileInput = z.object({
  id: id.optional(),
  engagementId: id,
  name: z.string().trim().min(1).max(200),
  host: z.string().trim().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  security: z.enum(SECURITIES),
  globalCatalog: z.boolean(),
  bindUser: z.string().trim().min(1).max(512),
  caFiles: z.array(text(4096)).max(20),
  bases: z.array(text(2048)).max(50),
  excludes: z.array(text(2048)).max(50),
  pageSize: z.number().int().min(1).max(5000),
  timeoutSeconds: z.number().int().min(1).max(600),
});
export type ProfileInput = z.infer<typeof profileInput>;
/** What the renderer gets back: whether a password is held and where, never the password. */
export type Profile = ProfileInput & { id: number; password: 'none' | 'keyring' | 'memory' };

export const scanSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sample') }),
  z.object({ kind: z.literal('file'), path: z.string().min(1).max(4096) }),
  z.object({ kind: z.literal('ldap'), profileId: id }),
]);
export type ScanSource = z.infer<typeof scanSource>;

export type ScanState = 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';
export interface ScanStatus {
  scanId: number;
  state: ScanState;
  objects: number;
  objectsPerSecond: number;
  elapsedMs: number;
  fraction: number | null;
  etaMs: number | null;
  assessmentId: number | null;
  error: string | null;
}

export const findingsFilter = z.object({
  ruleId: text(100).optional(),
  severity: z.enum(SEVERITIES).optional(),
  errorType: z.enum(ERROR_TYPES).optional(),
  objectClass: z.enum(['user', 'contact', 'group']).optional(),
  ou: text(2048).optional(),
  text: text(256).optional(),
  /** Open: no decision yet; or only those accepted, or marked as exceptions. */
  decision: z.enum(['open', 'accept', 'exception']).optional(),
});
export type FindingsFilter = z.infer<typeof findingsFilter>;
export const FINDING_SORTS = ['severity', 'rule', 'dn', 'attribute', 'errorType'] as const;

export interface FindingRowView {
  id: number;
  objectId: number;
  dn: string;
  objectClass: 'user' | 'contact' | 'group';
  ou: string;
  attribute: string;
  value: string | null;
  errorType: string;
  ruleId: string;
  severity: (typeof SEVERITIES)[number];
  suggestedValue: string | null;
  decision: { kind: 'accept' | 'exception'; newValue: string | null; reason: string | null } | null;
  /** A duplicate finding's value group: every object holding the value is listed by `duplicates.holders`. */
  duplicate: { groupId: number; holders: number } | null;
}

export interface RunView {
  id: number;
  engagementId: number | null;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  sourceLabel: string;
  /** What its scores were computed with, in words (cloud, tenant domains, scope). */
  settings: string;
  error: string | null;
  objects: number | null;
  findings: number | null;
  blockers: number | null;
  /** Scores as computed by the engine, and with the person's exceptions taken out. */
  scores: Record<string, number | null> | null;
  adjusted: { scores: Record<string, number | null>; blockers: number; excepted: number } | null;
}

/**
 * The findings a decision is about: the ones listed, or every one matching a filter (select-all
 * means all matching, not the rows loaded), less those unticked afterwards.
 */
const decisionTarget = z.object({
  assessmentId: id,
  findingIds: z.array(id).max(10_000).default([]),
  matching: z.object({ filter: findingsFilter, except: z.array(id).max(10_000) }).optional(),
});

/** Channel name → argument schema. Results are typed in `ApiResults` below. */
export const API = {
  'app.info': z.object({}),
  'rules.context': z.object({}),
  'engagements.list': z.object({}),
  'engagements.save': engagementInput,
  'engagements.setExportFiles': z.object({ engagementId: id, files: z.array(z.string().trim().min(1).max(4096)).max(20) }),
  'engagements.delete': z.object({ id }),
  'profiles.list': z.object({ engagementId: id }),
  'profiles.save': z.object({ profile: profileInput, password: z.string().max(1024).optional(), rememberPassword: z.boolean() }),
  'profiles.delete': z.object({ id }),
  'profiles.test': z.object({ profileId: id }),
  'files.pickExport': z.object({}),
  // One run's sources, read in order: several forests or domains of one tenant are assessed together.
  'scans.start': z.object({ engagementId: id, sources: z.array(scanSource).min(1).max(20) }),
  'scans.status': z.object({ scanId: id }),
  'scans.cancel': z.object({ scanId: id }),
  'runs.list': z.object({ engagementId: id }),
  'runs.dashboard': z.object({ assessmentId: id }),
  'findings.page': z.object({
    assessmentId: id,
    filter: findingsFilter,
    sort: z.enum(FINDING_SORTS),
    descending: z.boolean(),
    offset: z.number().int().min(0).max(100_000_000),
    limit: z.number().int().min(1).max(500),
  }),
  'findings.groups': z.object({ assessmentId: id, by: z.enum(['rule', 'ou']), filter: findingsFilter }),
  'objects.detail': z.object({ assessmentId: id, objectId: z.number().int().min(0) }),
  // The object browser: a run's stored objects with their findings counts, by name, class, OU and source.
  'objects.page': z.object({
    assessmentId: id,
    filter: z.object({ text: text(256).optional(), objectClass: z.enum(['user', 'contact', 'group']).optional(), ou: text(2048).optional(), sourceId: id.optional() }),
    offset: z.number().int().min(0).max(100_000_000),
    limit: z.number().int().min(1).max(500),
  }),
  'duplicates.holders': z.object({ assessmentId: id, groupId: id, offset: z.number().int().min(0).max(100_000_000), limit: z.number().int().min(1).max(500) }),
  'decisions.accept': decisionTarget.extend({ newValue: text(2048).optional() }),
  'decisions.exception': decisionTarget.extend({ reason: z.string().trim().min(1).max(2000) }),
  'decisions.clear': decisionTarget,
  // findings.csv edited in Excel (UPDATE, ACTION, REASON), read back as decisions on the run's findings.
  'decisions.importCsv': z.object({ assessmentId: id, path: z.string().trim().min(1).max(4096) }),
  'excluded.page': z.object({ assessmentId: id, offset: z.number().int().min(0), limit: z.number().int().min(1).max(500) }),
  'completeness.get': z.object({ assessmentId: id }),
  'directory.get': z.object({ assessmentId: id }),
  'checklist.get': z.object({ assessmentId: id }),
  'checklist.update': z.object({
    assessmentId: id,
    itemId: z.string().regex(/^[A-Z]{3}-\d{2}$/),
    status: z.enum(MANUAL_STATUSES),
    owner: text(200).nullable(),
    dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
    notes: text(4000).nullable(),
  }),
  'settings.moveDataFolder': z.object({}),
  'settings.compactWorkspace': z.object({}),
  'reports.export': z.object({
    assessmentId: id,
    formats: z.array(z.enum(REPORT_FORMATS)).min(1).max(REPORT_FORMATS.length),
    redact: z.boolean(),
  }),
} as const satisfies Record<Channel, z.ZodType>;

export type { Channel } from './channels.ts';
export type ApiArgs<C extends Channel> = z.input<(typeof API)[C]>;
