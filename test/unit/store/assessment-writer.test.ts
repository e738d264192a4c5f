import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AssessmentWriter } from '../../../main/store/assessment-writer.ts';
import { ROWS_PER_TRANSACTION, type FindingRow, type ObjectRow } from '../../../main/store/row-inserter.ts';
import { Workspace } from '../../../main/store/workspace.ts';
import { tempDir } from '../../temp-dirs.ts';

/** A run's rows are written on the workspace's connection, or by a writer thread for large runs. */
const open: Workspace[] = [];
afterEach(() => open.splice(0).forEach((ws) => ws.close()));

function workspace(): { ws: Workspace; id: number } {
  const ws = new Workspace(join(tempDir('writer'), 'w.sqlite'));
  open.push(ws);
  const id = ws.beginAssessment({ sourceKind: 'ldif', sourceLabel: 'test', source: {}, options: {}, toolVersion: 'test' });
  return { ws, id };
}

const object = (id: number, objectClass = 'user'): ObjectRow => ({
  id, dn: `CN=U${id},OU=Staff,DC=agency,DC=gov`, objectClass, ou: 'OU=Staff,DC=agency,DC=gov', inScope: true, excludedReason: null, mailEnabled: true, attributesJson: '{}', uniqueValues: null,
});
const finding = (objectId: number): FindingRow => ({
  objectId, dn: `CN=U${objectId},OU=Staff,DC=agency,DC=gov`, objectClass: 'user', ou: 'OU=Staff,DC=agency,DC=gov', attribute: 'mail', value: `u${objectId}@agency.local`,
  errorType: 'topleveldomain', ruleId: 'mail.topleveldomain', severity: 'error', suggestedValue: null, relatedDns: objectId % 2 ? [`CN=X${objectId},DC=agency,DC=gov`] : null, duplicateGroup: null, groupHolders: null,
});

function rows(ws: Workspace, id: number): unknown[] {
  return [
    ...ws.db.prepare('SELECT id, dn, object_class, in_scope FROM objects WHERE assessment_id = ? ORDER BY id').all(id),
    ...ws.db.prepare('SELECT object_id, dn, value, related_dns_json FROM findings WHERE assessment_id = ? ORDER BY id').all(id),
  ];
}

async function writeRun(thread: boolean, count: number): Promise<unknown[]> {
  const { ws, id } = workspace();
  const writer: AssessmentWriter = ws.writer(id, { thread });
  for (let i = 0; i < count; i++) {
    writer.addObject(object(i));
    writer.addFinding(finding(i));
  }
  writer.flush();
  const written = rows(ws, id);
  await writer.close();
  return written;
}

describe('assessment writer', () => {
  it('the writer thread stores exactly what the workspace connection stores, past several batches in flight', async () => {
    const count = ROWS_PER_TRANSACTION * 4 + 17;
    const inline = await writeRun(false, count);
    expect(inline).toHaveLength(count * 2);
    expect(await writeRun(true, count)).toEqual(inline);
  });

  it('a row the writer thread cannot store fails the flush with the reason, instead of hanging', async () => {
    const { ws, id } = workspace();
    const writer = ws.writer(id, { thread: true });
    writer.addObject(object(1));
    writer.addObject(object(2, 'printer'));
    expect(() => writer.flush()).toThrow(/could not store the run's findings: CHECK constraint failed/);
    expect(() => writer.flush()).toThrow(/CHECK constraint failed/);
    await writer.close();
    expect(rows(ws, id)).toEqual([]);
  });

  it('when the writer thread fails, what it committed stays and its open transaction is rolled back', async () => {
    const { ws, id } = workspace();
    const writer = ws.writer(id, { thread: true });
    // Past one commit, then a batch more that goes over before the one that fails.
    for (let i = 0; i < ROWS_PER_TRANSACTION + 600; i++) writer.addObject(object(i));
    writer.addObject(object(ROWS_PER_TRANSACTION + 600, 'printer'));
    expect(() => writer.flush()).toThrow(/CHECK constraint failed/);
    await writer.close();
    const count = (ws.db.prepare('SELECT count(*) AS n FROM objects WHERE assessment_id = ?').get(id) as { n: number }).n;
    expect(count).toBe(ROWS_PER_TRANSACTION);
  });
});
