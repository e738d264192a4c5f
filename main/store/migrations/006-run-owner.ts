/**
 * A run being written belongs to its process: the process id and host that write it, and when it
 * last said it was alive. Opening a workspace marks a run interrupted only once its owner is gone,
 * so a second scan or a CLI run on the same workspace never flips a live run.
 */
export const sql = `
ALTER TABLE assessments ADD COLUMN owner_pid INTEGER;
ALTER TABLE assessments ADD COLUMN owner_host TEXT;
ALTER TABLE assessments ADD COLUMN heartbeat_at TEXT;
`;
