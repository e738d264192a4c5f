import type Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { decisionMatches } from '../store/decisions.ts';
import { attributeLine } from './ldif-writer.ts';

/**
 * Remediation files for the suggestions a person accepted. The workbench never writes to AD: an
 * administrator reviews these and applies them. For each object, one LDIF modify record makes all
 * its changes in one operation, and the undo file restores the values read by the scan exactly.
 * The PowerShell script does the same through the ActiveDirectory module, with -WhatIf unless it
 * is run with -Apply.
 */

/** Attributes holding one value: a change replaces it. proxyAddresses holds many: one value is swapped. */
const MULTI_VALUED = new Set(['proxyaddresses']);

export interface ObjectChange {
  dn: string;
  /** Per attribute (display spelling): the values before, from the scan, and after. */
  attributes: { name: string; before: string[]; after: string[]; removed: string[]; added: string[] }[];
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
  const byObject = new Map<number, { dn: string; stored: Record<string, unknown[]>; edits: Map<string, Map<string, string>> }>();
  for (const r of db.prepare(sql).iterate(assessmentId) as Iterable<AcceptedRow>) {
    let o = byObject.get(r.object_id);
    if (!o) byObject.set(r.object_id, (o = { dn: r.dn, stored: JSON.parse(r.attributes_json) as Record<string, unknown[]>, edits: new Map() }));
    let edits = o.edits.get(r.attribute);
    if (!edits) o.edits.set(r.attribute, (edits = new Map()));
    // Several rules can flag one value (a UPN both too long and on a bad suffix): the latest decision wins.
    edits.set(r.value ?? '', r.new_value);
  }
  const same = (a: string[], b: string[]): boolean => a.length === b.length && a.every((v) => b.includes(v));
  return [...byObject.values()]
    .map((o) => ({
    dn: o.dn,
    attributes: [...o.edits.entries()].map(([name, edits]) => {
      const before = (o.stored[name.toLowerCase()] ?? []).filter((v): v is string => typeof v === 'string');
      if (!MULTI_VALUED.has(name.toLowerCase())) {
        const after = [...edits.values()].at(-1)!;
        return { name, before, after: [after], removed: before, added: [after] };
      }
      const removed = [...edits].filter(([old, next]) => old !== '' && old !== next && before.includes(old)).map(([old]) => old);
      const kept = before.filter((v) => !removed.includes(v));
      const added = [...new Set(edits.values())].filter((v) => !kept.includes(v));
      const after = [...kept, ...added];
      return { name, before, after, removed, added };
    })
      // A suggestion already in place (the value was fixed since, or the rule flags form only) changes nothing.
      .filter((a) => !same(a.before, a.after)),
  }))
    .filter((o) => o.attributes.length > 0);
}

type Operation = { op: 'replace' | 'add' | 'delete'; name: string; values: string[] };

function modifyRecord(dn: string, ops: Operation[]): string {
  const lines = [attributeLine('dn', dn), 'changetype: modify'];
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

export function writeRemediationLdif(changes: ObjectChange[], paths: { change: string; undo: string }, assessmentId: number, tool: string): void {
  writeFileSync(paths.change, ldifHeader('Changes the accepted suggestions make; remediation-undo.ldif reverses them exactly.', assessmentId, tool, changes.length) + changes.map(forward).join(''));
  writeFileSync(paths.undo, ldifHeader('Restores the values the scan read, undoing remediation.ldif.', assessmentId, tool, changes.length) + changes.map(undo).join(''));
}

/** A PowerShell single-quoted string: ' and its typographic look-alikes are doubled. */
export function psQuote(s: string): string {
  return `'${s.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
}

const psArray = (values: string[]): string => `@(${values.map(psQuote).join(', ')})`;

export function powershellScript(changes: ObjectChange[], assessmentId: number, tool: string): string {
  const lines = [
    '#Requires -Modules ActiveDirectory',
    '<#',
    `  Remediation of the suggestions accepted in ${tool}, assessment #${assessmentId}: ${changes.length} objects.`,
    '  Runs with -WhatIf (nothing changes) unless started with -Apply. The workbench itself never writes to AD.',
    '  Usage: .\\remediation.ps1 [-Server dc01.agency.local] [-Apply]',
    '#>',
    '[CmdletBinding()]',
    'param([switch]$Apply, [string]$Server)',
    "$ErrorActionPreference = 'Stop'",
    '$common = @{ WhatIf = (-not $Apply) }',
    'if ($Server) { $common.Server = $Server }',
    '',
  ];
  for (const c of changes) {
    const replace: string[] = [];
    const clear: string[] = [];
    const remove: string[] = [];
    const add: string[] = [];
    for (const a of c.attributes) {
      if (MULTI_VALUED.has(a.name.toLowerCase())) {
        if (a.removed.length) remove.push(`${psQuote(a.name)} = ${psArray(a.removed)}`);
        if (a.added.length) add.push(`${psQuote(a.name)} = ${psArray(a.added)}`);
      } else if (a.after.length) {
        replace.push(`${psQuote(a.name)} = ${psQuote(a.after[0]!)}`);
      } else {
        clear.push(psQuote(a.name));
      }
    }
    const args = [
      remove.length ? `-Remove @{ ${remove.join('; ')} }` : '',
      add.length ? `-Add @{ ${add.join('; ')} }` : '',
      replace.length ? `-Replace @{ ${replace.join('; ')} }` : '',
      clear.length ? `-Clear ${clear.join(', ')}` : '',
    ].filter(Boolean);
    lines.push(`Set-ADObject -Identity ${psQuote(c.dn)} ${args.join(' ')} @common`);
  }
  lines.push('', "if (-not $Apply) { Write-Host 'WhatIf only: nothing was changed. Run again with -Apply to make these changes.' }", '');
  return lines.join('\r\n');
}
