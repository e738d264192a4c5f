import type Database from 'better-sqlite3';
import type { StagedFile } from '../files/staged-files.ts';
import { decisionMatches } from '../store/decisions.ts';
import { dnText } from './inert-text.ts';
import { attributeLine, type LdifValue } from './ldif-writer.ts';

/**
 * Remediation files for the suggestions a person accepted. The workbench never writes to AD: an
 * administrator reviews these and applies them. For each object, one LDIF modify record makes all
 * its changes in one operation, and the undo file restores the values read by the scan exactly.
 * The PowerShell script does the same through the ActiveDirectory module, with -WhatIf unless it
 * is run with -Apply.
 */

/** Attributes holding one value: a change replaces it. proxyAddresses holds many: one value is swapped. */
export const MULTI_VALUED = new Set(['proxyaddresses']);

export interface ObjectChange {
  dn: string;
  /**
   * Per attribute (display spelling): the values before, from the scan (bytes where they were not
   * UTF-8 text, so the undo restores them exactly), and after; what a change removes and adds.
   */
  attributes: { name: string; before: LdifValue[]; after: string[]; removed: string[]; added: string[] }[];
}

interface AcceptedRow {
  dn: string;
  object_id: number;
  attribute: string;
  value: string | null;
  new_value: string;
  attributes_json: string;
}

/**
 * The accepted changes of a run, grouped per object: the engagement's accept decisions that match
 * the run's findings, or with `acceptAll` every suggested value of the run.
 */
export function acceptedChanges(db: Database.Database, assessmentId: number, acceptAll = false): ObjectChange[] {
  const sql = acceptAll
    ? `SELECT f.dn, f.object_id, f.attribute, f.value, f.suggested_value AS new_value, o.attributes_json
       FROM findings f JOIN objects o ON o.assessment_id = f.assessment_id AND o.id = f.object_id
       WHERE f.assessment_id = ? AND f.suggested_value IS NOT NULL ORDER BY f.object_id, f.id`
    : `SELECT f.dn, f.object_id, f.attribute, f.value, d.new_value, o.attributes_json
       FROM findings f JOIN assessments a ON a.id = f.assessment_id
       JOIN decisions d ON d.engagement_id = a.engagement_id AND ${decisionMatches('d', 'f')} AND d.kind = 'accept'
       JOIN objects o ON o.assessment_id = f.assessment_id AND o.id = f.object_id
       WHERE f.assessment_id = ? AND d.new_value IS NOT NULL ORDER BY f.object_id, d.decided_at, f.id`;
  const byObject = new Map<number, { dn: string; stored: Record<string, StoredValue[]>; edits: Map<string, Map<string, string>> }>();
  for (const r of db.prepare(sql).iterate(assessmentId) as Iterable<AcceptedRow>) {
    let o = byObject.get(r.object_id);
    if (!o) byObject.set(r.object_id, (o = { dn: r.dn, stored: JSON.parse(r.attributes_json) as Record<string, StoredValue[]>, edits: new Map() }));
    let edits = o.edits.get(r.attribute);
    if (!edits) o.edits.set(r.attribute, (edits = new Map()));
    // Several rules can flag one value (a UPN both too long and on a bad suffix): the latest decision wins.
    edits.set(r.value ?? '', r.new_value);
  }
  return [...byObject.values()].map((o) => ({ dn: o.dn, attributes: [...o.edits].map(([name, edits]) => attributeChange(name, o.stored[name.toLowerCase()] ?? [], edits)).filter(changesSomething) })).filter((o) => o.attributes.length > 0);
}

type StoredValue = string | { b64: string };
type AttributeChange = ObjectChange['attributes'][number];

const sameText = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const isPrimary = (v: string): boolean => v.startsWith('SMTP:');

/**
 * One attribute's change. A single-valued attribute is replaced. proxyAddresses is changed value by
 * value, the way AD will accept it: AD compares its values ignoring case, so a new spelling of a
 * value it holds ("SMTP:x" for "smtp:x") must remove the old one in the same modify, or the add is
 * refused as a value that exists; and a new primary demotes any other "SMTP:" value to "smtp:", so
 * the object ends with exactly one.
 */
function attributeChange(name: string, stored: StoredValue[], edits: Map<string, string>): AttributeChange {
  const before: LdifValue[] = stored.map((v) => (typeof v === 'string' ? v : Buffer.from(v.b64, 'base64')));
  const texts = stored.filter((v): v is string => typeof v === 'string');
  if (!MULTI_VALUED.has(name.toLowerCase())) {
    const after = [...edits.values()].at(-1)!;
    return { name, before, after: [after], removed: texts, added: [after] };
  }
  const removed = new Set([...edits].filter(([old, next]) => old !== '' && old !== next && texts.includes(old)).map(([old]) => old));
  const added = [...new Set(edits.values())];
  const newPrimary = added.find(isPrimary);
  const demoted: string[] = [];
  for (const v of texts) {
    if (removed.has(v) || added.includes(v)) continue;
    if (added.some((a) => sameText(a, v))) removed.add(v);
    else if (newPrimary !== undefined && isPrimary(v)) {
      removed.add(v);
      demoted.push(`smtp:${v.slice(5)}`);
    }
  }
  const kept = texts.filter((v) => !removed.has(v));
  const adds = [...added, ...demoted.filter((d) => !added.some((a) => sameText(a, d)))].filter((v) => !kept.includes(v));
  return { name, before, after: [...kept, ...adds], removed: [...removed], added: adds };
}

/** A suggestion already in place (the value was fixed since, or the rule flags form only) changes nothing. */
function changesSomething(a: AttributeChange): boolean {
  const before = a.before.filter((v): v is string => typeof v === 'string');
  return !(before.length === a.after.length && a.after.every((v) => before.includes(v)));
}

type Operation = { op: 'replace' | 'add' | 'delete'; name: string; values: LdifValue[] };

function modifyRecord(dn: string, ops: Operation[]): string {
  const lines = [attributeLine('dn', dnText(dn)), 'changetype: modify'];
  for (const { op, name, values } of ops) {
    lines.push(`${op}: ${name}`, ...values.map((v) => attributeLine(name, v)), '-');
  }
  return `${lines.join('\n')}\n\n`;
}

function forward(c: ObjectChange): string {
  return modifyRecord(
    c.dn,
    c.attributes.flatMap((a): Operation[] =>
      MULTI_VALUED.has(a.name.toLowerCase())
        ? [
            ...(a.removed.length ? [{ op: 'delete' as const, name: a.name, values: a.removed }] : []),
            ...(a.added.length ? [{ op: 'add' as const, name: a.name, values: a.added }] : []),
          ]
        : [{ op: 'replace', name: a.name, values: a.after }],
    ),
  );
}

/**
 * The undo replaces each changed attribute with exactly the values the scan read. For
 * proxyAddresses a delete-and-add would not do: AD compares them ignoring case, so undoing
 * "smtp:" → "SMTP:" that way leaves the new spelling in place.
 */
function undo(c: ObjectChange): string {
  // A replace with no value removes the attribute: exactly the state before when it was absent.
  return modifyRecord(c.dn, c.attributes.map((a): Operation => ({ op: 'replace', name: a.name, values: a.before })));
}

function ldifHeader(what: string, assessmentId: number, tool: string, count: number): string {
  return [
    'version: 1',
    `# ${what}`,
    `# ${tool}, assessment #${assessmentId}: ${count} objects. The workbench never writes to AD: review, then apply with`,
    '#   ldapmodify -H ldaps://DC -D ADMIN -W -f FILE     or     ldifde -i -f FILE',
    '',
    '',
  ].join('\n');
}

export function writeRemediationLdif(changes: ObjectChange[], files: { change: StagedFile; undo: StagedFile }, assessmentId: number, tool: string): void {
  files.change.write(ldifHeader('Changes the accepted suggestions make; remediation-undo.ldif reverses them exactly.', assessmentId, tool, changes.length) + changes.map(forward).join(''));
  files.undo.write(ldifHeader('Restores the values the scan read, undoing remediation.ldif.', assessmentId, tool, changes.length) + changes.map(undo).join(''));
}
