import type Database from 'better-sqlite3';
import { readFileSync, statSync } from 'node:fs';
import type { RoutingContext } from '../../shared/rules/address.ts';
import { ruleTitle } from '../../shared/rules/catalogue.ts';
import { checkValue } from '../../shared/rules/value-checks.ts';
import { readCsvRecords } from '../directory/csv-records.ts';
import { SourceError } from '../directory/source-error.ts';
import { dnText } from '../reports/inert-text.ts';
import { decide } from '../store/decisions.ts';
import { completedRun } from './run-record.ts';

/**
 * The round trip IdFix users rely on: findings.csv, edited in Excel (the UPDATE and ACTION
 * columns, and REASON for an exception), read back as decisions on the run's findings. Every row
 * gets an outcome; a row that cannot be taken is refused with its line and why, and the rows that
 * can are all applied together, or none when the file itself is unreadable.
 *
 * ACTION: EDIT (the UPDATE value; ACCEPT is a synonym), EXCEPTION (needs REASON), CLEAR (UNDO is a
 * synonym), or empty (no change). IdFix's REMOVE is refused: the workbench never proposes deleting
 * a value, and an EDIT names what replaces it.
 */

export type RowOutcome = 'accepted' | 'excepted' | 'cleared' | 'unchanged' | 'refused';

export interface ImportedRow {
  line: number;
  dn: string;
  ruleId: string;
  outcome: RowOutcome;
  /** Why it was refused, in words. */
  reason?: string;
}

export interface DecisionsImport {
  file: string;
  /** How the file's bytes were read: Excel's plain "CSV" is Windows-1252, its "CSV UTF-8" is UTF-8. */
  encoding: 'utf-8' | 'windows-1252' | 'utf-16le';
  counts: Record<RowOutcome, number>;
  /** Refused rows first, then the others, at most MAX_ROWS_LISTED of them; counts has every row. */
  rows: ImportedRow[];
}

export class ImportRefused extends Error {
  override name = 'ImportRefused';
}

const REQUIRED = ['DISTINGUISHEDNAME', 'ATTRIBUTE', 'VALUE', 'UPDATE', 'ACTION', 'RULEID'] as const;
const MAX_FILE_BYTES = 1024 * 1024 * 1024;
export const MAX_ROWS_LISTED = 20_000;
const FORMULA_START = /^'[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/;

/** Undoes what findings.csv did to keep a value inert in Excel: the `'` before what would start a formula. */
function cellValue(cell: string): string {
  return FORMULA_START.test(cell) ? cell.slice(1) : cell;
}

function decode(bytes: Buffer): { text: string; encoding: DecisionsImport['encoding'] } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: bytes.subarray(2).toString('utf16le'), encoding: 'utf-16le' };
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: Excel's "CSV (Comma delimited)" writes the Windows code page.
    return { text: new TextDecoder('windows-1252').decode(body), encoding: 'windows-1252' };
  }
}

export async function importDecisionsCsv(db: Database.Database, assessmentId: number, file: string, ctx: RoutingContext): Promise<DecisionsImport> {
  const run = completedRun(db, assessmentId);
  if (run.engagementId === null) throw new ImportRefused('This run belongs to no engagement: decisions are kept per engagement.');
  let bytes: Buffer;
  try {
    if (statSync(file).size > MAX_FILE_BYTES) throw new ImportRefused(`${file} is larger than 1 GB: not a findings.csv`);
    bytes = readFileSync(file);
  } catch (err) {
    if (err instanceof ImportRefused) throw err;
    throw new ImportRefused(`${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const { text, encoding } = decode(bytes);
  const records: { fields: string[]; line: number }[] = [];
  try {
    for await (const batch of readCsvRecords((async function* () { yield text; })(), file)) records.push(...batch);
  } catch (err) {
    throw new ImportRefused(err instanceof SourceError ? err.message : String(err));
  }
  const header = records.shift();
  if (!header) throw new ImportRefused(`${file} is empty: a findings.csv starts with its header line`);
  const column = new Map(header.fields.map((h, i) => [h.trim().toUpperCase(), i]));
  const missing = REQUIRED.filter((c) => !column.has(c));
  if (missing.length > 0) throw new ImportRefused(`${file}:${header.line}: the header has no ${missing.join(', ')} column${missing.length === 1 ? '' : 's'} (the workbench's findings.csv has them all)`);
  const at = (fields: string[], name: string): string => fields[column.get(name) ?? -1] ?? '';

  // The finding a row is about: its DN as findings.csv writes it (RFC 4514), its rule and its value.
  const byKey = db.prepare("SELECT id, dn, attribute FROM findings WHERE assessment_id = ? AND dn = ? AND rule_id = ? AND COALESCE(value, '') = ? LIMIT 1");
  const byRuleAndValue = db.prepare("SELECT id, dn, attribute FROM findings WHERE assessment_id = ? AND rule_id = ? AND COALESCE(value, '') = ?");
  const findingOf = (dn: string, ruleId: string, value: string): { id: number; attribute: string } | undefined => {
    const exact = byKey.get(assessmentId, dn, ruleId, value) as { id: number; attribute: string } | undefined;
    if (exact) return exact;
    // The source spelled the DN another way (hex escapes, spaces): compare as findings.csv wrote it.
    return (byRuleAndValue.all(assessmentId, ruleId, value) as { id: number; dn: string; attribute: string }[]).find((f) => dnText(f.dn) === dn);
  };

  const rows: ImportedRow[] = [];
  const decisions: { id: number; row: ImportedRow; apply: Parameters<typeof decide>[3] }[] = [];
  const seen = new Map<number, number>();
  for (const r of records) {
    if (r.fields.length !== header.fields.length) {
      rows.push({ line: r.line, dn: '', ruleId: '', outcome: 'refused', reason: `${r.fields.length} fields, but the header has ${header.fields.length}` });
      continue;
    }
    const dn = at(r.fields, 'DISTINGUISHEDNAME');
    const ruleId = at(r.fields, 'RULEID').trim();
    const action = at(r.fields, 'ACTION').trim().toUpperCase();
    const row: ImportedRow = { line: r.line, dn, ruleId, outcome: 'unchanged' };
    rows.push(row);
    const refuse = (reason: string): void => {
      row.outcome = 'refused';
      row.reason = reason;
    };
    if (action === '') continue;
    const finding = findingOf(dn, ruleId, cellValue(at(r.fields, 'VALUE')));
    if (!finding) {
      refuse(`no finding of rule ${ruleId || '(none)'} on this object and value in run #${assessmentId}`);
      continue;
    }
    const earlier = seen.get(finding.id);
    if (earlier !== undefined) {
      refuse(`the same finding as line ${earlier}`);
      continue;
    }
    seen.set(finding.id, r.line);
    if (action === 'EDIT' || action === 'ACCEPT') {
      const update = cellValue(at(r.fields, 'UPDATE')).trim();
      if (update === '') {
        refuse('ACTION is EDIT but UPDATE is empty: put the value to apply in UPDATE');
        continue;
      }
      // The value must pass the same rules the next run applies (uniqueness is that run's to check).
      const problems = checkValue(finding.attribute.toLowerCase(), update, ctx).filter((e) => e !== 'unverified');
      if (problems.length > 0) {
        refuse(`UPDATE "${update}" still fails: ${problems.map((e) => ruleTitle(`${finding.attribute.toLowerCase()}.${e}`)).join('; ')}`);
        continue;
      }
      decisions.push({ id: finding.id, row, apply: { kind: 'accept', newValue: update } });
    } else if (action === 'EXCEPTION' || action === 'EXCEPT') {
      const reason = at(r.fields, 'REASON').trim();
      if (reason === '') {
        refuse('ACTION is EXCEPTION but REASON is empty: an exception needs its reason');
        continue;
      }
      decisions.push({ id: finding.id, row, apply: { kind: 'exception', reason } });
    } else if (action === 'CLEAR' || action === 'UNDO') {
      decisions.push({ id: finding.id, row, apply: { kind: 'clear' } });
    } else if (action === 'REMOVE') {
      refuse('REMOVE is not taken: the workbench never deletes a value; use EDIT with the value that replaces it, or EXCEPTION');
    } else {
      refuse(`ACTION "${action}" is none of EDIT, EXCEPTION, CLEAR (or empty)`);
    }
  }
  const OUTCOME = { accept: 'accepted', exception: 'excepted', clear: 'cleared' } as const;
  db.transaction(() => {
    for (const d of decisions) {
      decide(db, assessmentId, [d.id], d.apply);
      d.row.outcome = OUTCOME[d.apply.kind];
    }
  }).immediate();
  const counts: Record<RowOutcome, number> = { accepted: 0, excepted: 0, cleared: 0, unchanged: 0, refused: 0 };
  for (const r of rows) counts[r.outcome]++;
  const listed = [...rows.filter((r) => r.outcome === 'refused'), ...rows.filter((r) => r.outcome !== 'refused')].slice(0, MAX_ROWS_LISTED);
  return { file, encoding, counts, rows: listed };
}
