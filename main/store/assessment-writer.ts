import type Database from 'better-sqlite3';
import type { FindingRow, ObjectRow, RowSink } from './row-inserter.ts';

/** Buffers the rows of one run and hands them to its sink as many at a time as it asks for. */
export class AssessmentWriter {
  private readonly db: Database.Database;
  private readonly id: number;
  private readonly sink: RowSink;
  private objects: ObjectRow[] = [];
  private findings: FindingRow[] = [];
  /** The highest finding id before this run: its own findings all come after it. */
  private readonly findingsBefore: number;

  constructor(db: Database.Database, assessmentId: number, sink: RowSink) {
    this.db = db;
    this.id = assessmentId;
    this.sink = sink;
    this.findingsBefore = (db.prepare('SELECT coalesce(max(id), 0) AS id FROM findings').get() as { id: number }).id;
  }

  addObject(o: ObjectRow): void {
    this.objects.push(o);
    if (this.objects.length + this.findings.length >= this.sink.batchRows) this.send();
  }

  addFinding(f: FindingRow): void {
    this.findings.push(f);
    if (this.objects.length + this.findings.length >= this.sink.batchRows) this.send();
  }

  /** Writes every row added so far: once it returns, they are committed. */
  flush(): void {
    this.send();
    this.sink.settle();
  }

  /**
   * Hands the rows added so far to the sink without waiting for them (a writer thread then stores
   * them while this thread goes on).
   */
  send(): void {
    if (this.objects.length === 0 && this.findings.length === 0) return;
    const objects = this.objects;
    const findings = this.findings;
    this.objects = [];
    this.findings = [];
    this.sink.write(objects, findings);
  }

  /** Releases the sink (ends the writer thread, if any, once it has written what it was sent). */
  async close(): Promise<void> {
    await this.sink.close();
  }

  /**
   * Walks this run's findings that carry a suggestion, in pages, and stores whatever `revise`
   * returns for each (the same value, another one, or null to drop it).
   */
  reviseSuggestions(revise: (f: { objectId: number; attribute: string; value: string | null; suggestedValue: string }) => string | null): void {
    this.flush();
    // NOT INDEXED: each page is a walk along the row ids from the last one, starting after the
    // earlier runs' findings. Left to itself, SQLite picks an index on assessment_id and sorts
    // every finding of the run for every page.
    const page = this.db.prepare(`SELECT id, object_id AS objectId, attribute, value, suggested_value AS suggestedValue FROM findings NOT INDEXED
      WHERE assessment_id = ? AND id > ? AND suggested_value IS NOT NULL ORDER BY id LIMIT 2000`);
    const update = this.db.prepare('UPDATE findings SET suggested_value = ? WHERE id = ?');
    for (let last = this.findingsBefore; ; ) {
      const rows = page.all(this.id, last) as { id: number; objectId: number; attribute: string; value: string | null; suggestedValue: string }[];
      if (rows.length === 0) return;
      this.db.transaction(() => {
        for (const r of rows) {
          const revised = revise(r);
          if (revised !== r.suggestedValue) update.run(revised, r.id);
        }
      })();
      last = rows[rows.length - 1]!.id;
    }
  }

  /** The DN of an object of this run already stored, if it was. */
  storedDn(objectId: number): string | undefined {
    this.flush();
    return (this.db.prepare('SELECT dn FROM objects WHERE assessment_id = ? AND id = ?').get(this.id, objectId) as { dn: string } | undefined)?.dn;
  }

  /** Sets the holders a stored duplicate finding names and counts (its object, attribute and value). */
  reviseRelatedDns(updates: { objectId: number; attribute: string; value: string; relatedDns: string[]; holders: number }[]): void {
    if (updates.length === 0) return;
    this.flush();
    const update = this.db.prepare(`UPDATE findings SET related_dns_json = ?, group_holders = ?
      WHERE assessment_id = ? AND object_id = ? AND error_type = 'duplicate' AND attribute = ? AND value = ?`);
    this.db.transaction(() => {
      for (const u of updates) update.run(JSON.stringify(u.relatedDns), u.holders, this.id, u.objectId, u.attribute, u.value);
    })();
  }

  /** Each duplicated value once, with every holder (findings.json's duplicateGroups). */
  writeDuplicateGroups(groups: Iterable<{ id: number; namespace: string; value: string; holders: { objectId: number; dn: string }[] }>): void {
    this.flush();
    const group = this.db.prepare('INSERT INTO duplicate_groups (assessment_id, id, namespace, value, holders) VALUES (?, ?, ?, ?, ?)');
    const holder = this.db.prepare('INSERT INTO duplicate_holders (assessment_id, group_id, object_id, dn) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const g of groups) {
        group.run(this.id, g.id, g.namespace, g.value, g.holders.length);
        for (const h of g.holders) holder.run(this.id, g.id, h.objectId, h.dn);
      }
    })();
  }

  writeCompleteness(rows: { attribute: string; objectClass: string; ou: string; total: number; complete: number }[]): void {
    this.flush();
    const stmt = this.db.prepare('INSERT INTO mail_completeness (assessment_id, attribute, object_class, ou, total, complete) VALUES (?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const r of rows) stmt.run(this.id, r.attribute, r.objectClass, r.ou, r.total, r.complete);
    })();
  }
}
