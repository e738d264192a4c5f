import type { FindingRowView, FindingsFilter } from '../../shared/api/contract.ts';
import { ruleTitle } from '../../shared/rules/catalogue.ts';
import { decide, decisionsFor } from '../store/decisions.ts';
import { NotFound } from '../store/engagements.ts';
import { groupsOfFindings, idsOfFindings, pageOfFindings, type FindingsQuery } from '../store/findings-grid.ts';
import type { HandlerContext, HandlerGroup } from './context.ts';
import { completedRun, readRun } from '../runs/run-record.ts';
import { pageOfObjects } from '../store/object-browser.ts';
import { sourceOfObject } from '../engine/summary.ts';
import { importDecisionsCsv } from '../runs/decisions-csv.ts';
import { routingContext } from '../engine/routing.ts';
import { scoresWithExceptions } from '../runs/scores.ts';

type Channels = 'findings.page' | 'findings.groups' | 'objects.detail' | 'objects.page' | 'duplicates.holders' | 'decisions.accept' | 'decisions.exception' | 'decisions.clear' | 'decisions.importCsv';

interface FindingDbRow {
  id: number;
  object_id: number;
  dn: string;
  object_class: FindingRowView['objectClass'];
  ou: string;
  attribute: string;
  value: string | null;
  error_type: string;
  rule_id: string;
  severity: FindingRowView['severity'];
  suggested_value: string | null;
  duplicate_group: number | null;
  group_holders: number | null;
}

const toQuery = (assessmentId: number, f: FindingsFilter, engagementId: number | null): FindingsQuery => ({ assessmentId, ...f, text: f.text?.trim() || undefined, engagementId });

/** More than any run holds: a bulk decision over every matching finding stays one bounded query. */
const MAX_MATCHING = 5_000_000;

interface DecisionTarget {
  assessmentId: number;
  findingIds: number[];
  matching?: { filter: FindingsFilter; except: number[] } | undefined;
}

export function findingHandlers(ctx: HandlerContext): HandlerGroup<Channels> {
  const db = ctx.workspace.db;
  const withDecisions = (engagementId: number | null, rows: FindingDbRow[]): FindingRowView[] => {
    const views = rows.map(
      (r): FindingRowView => ({
        id: r.id,
        objectId: r.object_id,
        dn: r.dn,
        objectClass: r.object_class,
        ou: r.ou,
        attribute: r.attribute,
        value: r.value,
        errorType: r.error_type,
        ruleId: r.rule_id,
        severity: r.severity,
        suggestedValue: r.suggested_value,
        decision: null,
        duplicate: r.duplicate_group === null ? null : { groupId: r.duplicate_group, holders: r.group_holders ?? 0 },
      }),
    );
    const decisions = decisionsFor(db, engagementId, views);
    views.forEach((v, i) => (v.decision = decisions[i] ?? null));
    return views;
  };
  /** The findings a decision is about: the ids given, or every one matching the filter but those unticked. */
  const targetIds = ({ assessmentId, findingIds, matching }: DecisionTarget): number[] => {
    if (!matching) {
      if (findingIds.length === 0) throw new Error('No finding is selected.');
      return findingIds;
    }
    const run = readRun(db, assessmentId);
    const except = new Set(matching.except);
    return idsOfFindings(db, toQuery(assessmentId, matching.filter, run.engagementId), MAX_MATCHING).filter((id) => !except.has(id));
  };
  return {
    'findings.page': ({ assessmentId, filter, sort, descending, offset, limit }) => {
      const run = readRun(db, assessmentId);
      const page = pageOfFindings<FindingDbRow>(db, { ...toQuery(assessmentId, filter, run.engagementId), sort, descending, offset, limit });
      return { rows: withDecisions(run.engagementId, page.rows), total: page.total, totalIsExact: page.exact };
    },
    'findings.groups': ({ assessmentId, by, filter }) => {
      const run = readRun(db, assessmentId);
      return groupsOfFindings(db, toQuery(assessmentId, filter, run.engagementId), by === 'rule' ? 'rule_id' : 'ou').map((g) => ({
        key: g.key,
        label: by === 'rule' ? `${ruleTitle(g.key)} (${g.key})` : g.key || '(domain root)',
        count: g.count,
      }));
    },
    'objects.detail': ({ assessmentId, objectId }) => {
      const run = readRun(db, assessmentId);
      const o = db
        .prepare('SELECT id, dn, object_class, ou, in_scope, excluded_reason, attributes_json FROM objects WHERE assessment_id = ? AND id = ?')
        .get(assessmentId, objectId) as { id: number; dn: string; object_class: string; ou: string; in_scope: number; excluded_reason: string | null; attributes_json: string } | undefined;
      if (!o) throw new NotFound(`object ${objectId} of assessment ${assessmentId}`);
      const stored = JSON.parse(o.attributes_json) as Record<string, (string | { b64: string })[]>;
      const attributes = Object.fromEntries(Object.entries(stored).map(([k, vs]) => [k, vs.map((v) => (typeof v === 'string' ? v : `base64:${v.b64}`))]));
      const findings = db.prepare('SELECT * FROM findings WHERE assessment_id = ? AND object_id = ? ORDER BY severity_rank, rule_id, id').all(assessmentId, objectId) as FindingDbRow[];
      return {
        objectId: o.id,
        dn: o.dn,
        objectClass: o.object_class,
        ou: o.ou,
        inScope: o.in_scope === 1,
        excludedReason: o.excluded_reason,
        attributes,
        findings: withDecisions(run.engagementId, findings),
      };
    },
    'objects.page': ({ assessmentId, filter, offset, limit }) => {
      const { summary } = completedRun(db, assessmentId);
      const sources = summary.sources;
      const at = sources.findIndex((s) => s.id === filter.sourceId);
      const ids: [number, number] | undefined = at < 0 ? undefined : [sources[at]!.firstObjectId, (sources[at + 1]?.firstObjectId ?? Number.MAX_SAFE_INTEGER) - 1];
      const page = pageOfObjects(db, { assessmentId, text: filter.text, objectClass: filter.objectClass, ou: filter.ou, ids, offset, limit });
      const label = new Map(sources.map((s) => [s.id, s.label]));
      return {
        rows: page.rows.map((r) => ({ ...r, source: label.get(sourceOfObject(sources, r.objectId)) ?? '' })),
        total: page.total,
        totalIsExact: page.exact,
        sources: sources.map((s) => ({ id: s.id, label: s.label })),
      };
    },
    'duplicates.holders': ({ assessmentId, groupId, offset, limit }) => {
      readRun(db, assessmentId);
      const group = db.prepare('SELECT id, namespace, value, holders FROM duplicate_groups WHERE assessment_id = ? AND id = ?').get(assessmentId, groupId) as
        | { id: number; namespace: string; value: string; holders: number }
        | undefined;
      if (!group) throw new NotFound(`duplicate group ${groupId} of assessment ${assessmentId}`);
      const rows = db
        .prepare('SELECT object_id AS objectId, dn FROM duplicate_holders WHERE assessment_id = ? AND group_id = ? ORDER BY dn, object_id LIMIT ? OFFSET ?')
        .all(assessmentId, groupId, limit, offset) as { objectId: number; dn: string }[];
      return { groupId: group.id, namespace: group.namespace, value: group.value, holders: group.holders, rows };
    },
    'decisions.accept': (target) => {
      const { assessmentId, newValue } = target;
      const changed = decide(db, assessmentId, targetIds(target), { kind: 'accept', newValue });
      return { changed, projected: scoresWithExceptions(db, assessmentId, { checklistNow: true }) };
    },
    'decisions.exception': (target) => {
      const { assessmentId, reason } = target;
      const changed = decide(db, assessmentId, targetIds(target), { kind: 'exception', reason });
      return { changed, projected: scoresWithExceptions(db, assessmentId, { checklistNow: true }) };
    },
    'decisions.importCsv': async ({ assessmentId, path }) => {
      const { settings } = readRun(db, assessmentId);
      return importDecisionsCsv(db, assessmentId, path, routingContext({ routableSuffixes: [...settings.routableSuffixes], tenantDomains: [...settings.tenantDomains] }));
    },
    'decisions.clear': (target) => {
      const { assessmentId } = target;
      const changed = decide(db, assessmentId, targetIds(target), { kind: 'clear' });
      return { changed, projected: scoresWithExceptions(db, assessmentId, { checklistNow: true }) };
    },
  };
}
