import type { Severity } from '../../shared/findings.ts';

/** Severities ranked so they sort in order of gravity (blocker first). */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { blocker: 0, error: 1, warning: 2, info: 3 };
