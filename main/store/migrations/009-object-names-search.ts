/**
 * Finding one object by what people know it by: the text search also reads each stored object's
 * DN and unique values (sAMAccountName, UPN, mail, proxy addresses, mail nickname, target), so
 * "jdoe" finds Jane Doe's findings whatever attribute they are on. Contentless, keyed by
 * (run << 32 | object id): the objects table has no rowid. `names_ready` is set once a run's
 * objects are in it (runs recorded before this search names by scanning).
 */
export const sql = `
CREATE VIRTUAL TABLE objects_text USING fts5(names, content = '', contentless_delete = 1, tokenize = 'trigram');
ALTER TABLE assessments ADD COLUMN names_ready INTEGER NOT NULL DEFAULT 0;
`;
