/** Checklist statuses and entries as stored, exported and shown (domain.md §6). */

export const AUTOMATIC_STATUSES = ['pass', 'warn', 'fail', 'not-assessed'] as const;
export const MANUAL_STATUSES = ['not-started', 'in-progress', 'done', 'not-applicable', 'blocked'] as const;
export type AutomaticStatus = (typeof AUTOMATIC_STATUSES)[number];
export type ManualStatus = (typeof MANUAL_STATUSES)[number];
export type ChecklistStatus = AutomaticStatus | ManualStatus;

/** How statuses read in the app and in every report. An automatic "warn" asks for a review. */
export const STATUS_LABELS: Readonly<Record<ChecklistStatus, string>> = {
  pass: 'Pass',
  warn: 'Review',
  fail: 'Fail',
  'not-assessed': 'Not assessed',
  'not-started': 'Not started',
  'in-progress': 'In progress',
  done: 'Done',
  'not-applicable': 'Not applicable',
  blocked: 'Blocked',
};

export interface ChecklistEvidence {
  /** One line a reader understands, e.g. "12 findings on 9 objects (2 blockers)". */
  summary: string;
  counts: Record<string, number>;
  ruleIds: string[];
  checkIds: string[];
  /** Up to ten examples: an object DN and what is wrong with it. */
  examples: string[];
}

export interface ChecklistEntry {
  itemId: string;
  section: string;
  title: string;
  why: string;
  verify: string;
  docRef: string;
  gating: boolean;
  automatic: boolean;
  status: ChecklistStatus;
  evidence: ChecklistEvidence | null;
  owner: string | null;
  dueDate: string | null;
  notes: string | null;
}

/** What an item contributes to the checklist progress score: done counts whole, under way half. */
export function progressValue(status: ChecklistStatus): number | undefined {
  switch (status) {
    case 'pass':
    case 'done':
      return 1;
    case 'warn':
    case 'in-progress':
      return 0.5;
    case 'fail':
    case 'not-started':
    case 'blocked':
      return 0;
    default:
      // Not applicable, or not assessed (an export carries no directory facts): left out.
      return undefined;
  }
}

export function checklistProgress(statuses: readonly ChecklistStatus[]): number | undefined {
  const values = statuses.map(progressValue).filter((v): v is number => v !== undefined);
  return values.length === 0 ? undefined : values.reduce((s, v) => s + v, 0) / values.length;
}
