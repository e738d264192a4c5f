import { sql as initial } from './001-initial.ts';
import { sql as findingsSearch } from './002-findings-search.ts';
import { sql as engagements } from './003-engagements.ts';
import { sql as findingsGrid } from './004-findings-grid.ts';
import { sql as checklist } from './005-checklist.ts';
import { sql as runOwner } from './006-run-owner.ts';
import { sql as engagementExports } from './007-engagement-exports.ts';
import { sql as duplicateGroups } from './008-duplicate-groups.ts';
import { sql as objectNamesSearch } from './009-object-names-search.ts';
import { sql as objectsByDn } from './010-objects-by-dn.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Append only: an applied migration is recorded with its hash, and editing it fails loudly. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'findings-search', sql: findingsSearch },
  { version: 3, name: 'engagements', sql: engagements },
  { version: 4, name: 'findings-grid', sql: findingsGrid },
  { version: 5, name: 'checklist', sql: checklist },
  { version: 6, name: 'run-owner', sql: runOwner },
  { version: 7, name: 'engagement-exports', sql: engagementExports },
  { version: 8, name: 'duplicate-groups', sql: duplicateGroups },
  { version: 9, name: 'object-names-search', sql: objectNamesSearch },
  { version: 10, name: 'objects-by-dn', sql: objectsByDn },
];
