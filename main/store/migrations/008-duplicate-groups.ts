/**
 * A duplicated value is one group with all its holders, stored once; each duplicate finding names
 * its group, how many hold the value, and only a few of the other holders. Output then grows with
 * the number of findings, whatever the groups' sizes.
 */
export const sql = `
ALTER TABLE findings ADD COLUMN duplicate_group INTEGER;
ALTER TABLE findings ADD COLUMN group_holders INTEGER;
CREATE TABLE duplicate_groups (
  assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  id INTEGER NOT NULL,
  namespace TEXT NOT NULL,
  value TEXT NOT NULL,
  holders INTEGER NOT NULL,
  PRIMARY KEY (assessment_id, id)
) WITHOUT ROWID;
CREATE TABLE duplicate_holders (
  assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  group_id INTEGER NOT NULL,
  object_id INTEGER NOT NULL,
  dn TEXT NOT NULL,
  PRIMARY KEY (assessment_id, group_id, object_id)
) WITHOUT ROWID;
`;
