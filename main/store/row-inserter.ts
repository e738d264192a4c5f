import type Database from 'better-sqlite3';
import type { Severity } from '../../shared/findings.ts';
import { SEVERITY_RANK } from './severity-rank.ts';

/** An object a person will open: one with findings, an exclusion, or a duplicate. */
export interface ObjectRow {
  id: number;
  dn: string;
  objectClass: string;
  ou: string;
  inScope: boolean;
  excludedReason: string | null;
  mailEnabled: boolean;
  attributesJson: string;
  uniqueValues: string | null;
}

export interface FindingRow {
  objectId: number;
  dn: string;
  objectClass: string;
  ou: string;
  attribute: string;
  value: string | null;
  errorType: string;
  ruleId: string;
  severity: Severity;
  suggestedValue: string | null;
  /** Duplicates only: a few of the other holders, the group's id and how many hold the value. */
  relatedDns: string[] | null;
  duplicateGroup: number | null;
  groupHolders: number | null;
}

/**
 * Rows per transaction. Each commit writes every page it touched to the WAL, and a few hundred
 * findings touch a page in each of the grid's indexes: small commits would write the same pages
 * over and over.
 */
export const ROWS_PER_TRANSACTION = 5000;

/**
 * Where a run's rows go: written on the workspace's own connection (`RowInserter`), or handed to
 * a thread with a connection of its own (`ThreadRowSink`).
 */
export interface RowSink {
  /** How many rows the sink likes to be handed at a time. */
  readonly batchRows: number;
  /** Takes a batch of rows, to be committed with it or with a later one. */
  write(objects: ObjectRow[], findings: FindingRow[]): void;
  /** Returns once every batch is committed; throws if one could not be. */
  settle(): void;
  close(): Promise<void>;
}

/** The prepared inserts of one run's rows, outside any transaction of their own. */
export class RowStatements {
  readonly insert: (objects: ObjectRow[], findings: FindingRow[]) => void;

  constructor(db: Database.Database, assessmentId: number) {
    const insertObject = db.prepare(`INSERT INTO objects (assessment_id, id, dn, object_class, ou, in_scope, excluded_reason, mail_enabled, attributes_json, unique_values)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const insertFinding = db.prepare(`INSERT INTO findings (assessment_id, object_id, dn, object_class, ou, attribute, value, error_type, rule_id,
      severity, severity_rank, suggested_value, related_dns_json, duplicate_group, group_holders) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insert = (objects, findings) => {
      for (const o of objects) {
        insertObject.run(assessmentId, o.id, o.dn, o.objectClass, o.ou, o.inScope ? 1 : 0, o.excludedReason, o.mailEnabled ? 1 : 0, o.attributesJson, o.uniqueValues);
      }
      for (const f of findings) {
        insertFinding.run(assessmentId, f.objectId, f.dn, f.objectClass, f.ou, f.attribute, f.value, f.errorType, f.ruleId,
          f.severity, SEVERITY_RANK[f.severity], f.suggestedValue, f.relatedDns ? JSON.stringify(f.relatedDns) : null, f.duplicateGroup, f.groupHolders);
      }
    };
  }
}

/**
 * A run's rows on the workspace's own connection, a batch per transaction: the connection is never
 * left holding the write lock while the source is read (an LDAP page may take seconds to come).
 */
export class RowInserter implements RowSink {
  readonly batchRows = ROWS_PER_TRANSACTION;
  private readonly insertBatch: (objects: ObjectRow[], findings: FindingRow[]) => void;

  constructor(db: Database.Database, assessmentId: number) {
    this.insertBatch = db.transaction(new RowStatements(db, assessmentId).insert);
  }

  write(objects: ObjectRow[], findings: FindingRow[]): void {
    this.insertBatch(objects, findings);
  }

  settle(): void {}

  async close(): Promise<void> {}
}
