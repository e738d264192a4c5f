/** The offline exports an engagement keeps (one per forest or domain), scanned with its profiles as one run. */
export const sql = `
ALTER TABLE engagements ADD COLUMN export_files_json TEXT NOT NULL DEFAULT '[]';
`;
