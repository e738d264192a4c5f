import type Database from 'better-sqlite3';
import type { Engagement, EngagementInput, ProfileInput } from '../../shared/api/contract.ts';

/** Engagements (a customer, its cloud, tenant domains and scope) and their connection profiles. */

interface EngagementDbRow {
  id: number;
  customer: string;
  cloud: Engagement['cloud'];
  tenant_domains_json: string;
  routable_suffixes_json: string;
  scope_json: string;
  export_files_json: string;
  created_at: string;
  runs: number;
  last_adjusted: number | null;
  last_score: number | null;
}

const EMPTY_SCOPE = { includeOus: [], excludeOus: [], filter: null, excludeDisabled: false };


function toEngagement(r: EngagementDbRow): Engagement {
  return {
    id: r.id,
    customer: r.customer,
    cloud: r.cloud,
    tenantDomains: JSON.parse(r.tenant_domains_json) as string[],
    routableSuffixes: JSON.parse(r.routable_suffixes_json) as string[],
    scope: { ...EMPTY_SCOPE, ...(JSON.parse(r.scope_json) as Partial<Engagement['scope']>) },
    exportFiles: JSON.parse(r.export_files_json) as string[],
    createdAt: r.created_at,
    runs: r.runs,
    lastScore: r.last_adjusted ?? r.last_score,
  };
}

const SELECT_ENGAGEMENTS = `
  SELECT e.*,
    (SELECT count(*) FROM assessments a WHERE a.engagement_id = e.id) AS runs,
    (SELECT json_extract(a.adjusted_json, '$.scores.overall') FROM assessments a WHERE a.engagement_id = e.id AND a.status = 'completed' ORDER BY a.id DESC LIMIT 1) AS last_adjusted,
    (SELECT json_extract(a.summary_json, '$.scores.overall') FROM assessments a WHERE a.engagement_id = e.id AND a.status = 'completed' ORDER BY a.id DESC LIMIT 1) AS last_score
  FROM engagements e`;

export function listEngagements(db: Database.Database): Engagement[] {
  return (db.prepare(`${SELECT_ENGAGEMENTS} ORDER BY e.id DESC`).all() as EngagementDbRow[]).map(toEngagement);
}

export function getEngagement(db: Database.Database, id: number): Engagement | undefined {
  const row = db.prepare(`${SELECT_ENGAGEMENTS} WHERE e.id = ?`).get(id) as EngagementDbRow | undefined;
  return row ? toEngagement(row) : undefined;
}

/** The offline exports the engagement keeps, in the order they are read. */
export function setExportFiles(db: Database.Database, id: number, files: readonly string[]): void {
  if (db.prepare('UPDATE engagements SET export_files_json = ? WHERE id = ?').run(JSON.stringify(files), id).changes === 0) throw new NotFound(`engagement ${id}`);
}

export function saveEngagement(db: Database.Database, e: EngagementInput): number {
  const values = [e.customer, e.cloud, JSON.stringify(e.tenantDomains), JSON.stringify(e.routableSuffixes), JSON.stringify(e.scope)];
  if (e.id !== undefined) {
    const changed = db
      .prepare('UPDATE engagements SET customer = ?, cloud = ?, tenant_domains_json = ?, routable_suffixes_json = ?, scope_json = ? WHERE id = ?')
      .run(...values, e.id).changes;
    if (changed === 0) throw new NotFound(`engagement ${e.id}`);
    return e.id;
  }
  const info = db
    .prepare('INSERT INTO engagements (customer, cloud, tenant_domains_json, routable_suffixes_json, scope_json, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(...values, new Date().toISOString());
  return Number(info.lastInsertRowid);
}

export function deleteEngagement(db: Database.Database, id: number): boolean {
  return db.prepare('DELETE FROM engagements WHERE id = ?').run(id).changes > 0;
}

export class NotFound extends Error {
  override name = 'NotFound';
  constructor(what: string) {
    super(`${what} does not exist`);
  }
}

export function listProfiles(db: Database.Database, engagementId: number): (ProfileInput & { id: number })[] {
  const rows = db.prepare('SELECT id, engagement_id, name, profile_json FROM connection_profiles WHERE engagement_id = ? ORDER BY name').all(engagementId) as {
    id: number;
    engagement_id: number;
    name: string;
    profile_json: string;
  }[];
  return rows.map((r) => ({ ...(JSON.parse(r.profile_json) as ProfileInput), id: r.id, engagementId: r.engagement_id, name: r.name }));
}

export function getProfile(db: Database.Database, id: number): (ProfileInput & { id: number }) | undefined {
  const row = db.prepare('SELECT engagement_id FROM connection_profiles WHERE id = ?').get(id) as { engagement_id: number } | undefined;
  return row ? listProfiles(db, row.engagement_id).find((p) => p.id === id) : undefined;
}

export function saveProfile(db: Database.Database, p: ProfileInput): number {
  if (!getEngagement(db, p.engagementId)) throw new NotFound(`engagement ${p.engagementId}`);
  const { id, ...fields } = p;
  const json = JSON.stringify(fields);
  const now = new Date().toISOString();
  if (id !== undefined) {
    if (db.prepare('UPDATE connection_profiles SET name = ?, profile_json = ?, updated_at = ? WHERE id = ?').run(p.name, json, now, id).changes === 0) {
      throw new NotFound(`connection profile ${id}`);
    }
    return id;
  }
  return Number(db.prepare('INSERT INTO connection_profiles (engagement_id, name, profile_json, updated_at) VALUES (?, ?, ?, ?)').run(p.engagementId, p.name, json, now).lastInsertRowid);
}

export function deleteProfile(db: Database.Database, id: number): boolean {
  return db.prepare('DELETE FROM connection_profiles WHERE id = ?').run(id).changes > 0;
}
