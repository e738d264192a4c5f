/**
 * The checklist of each assessment: automatic items with their evidence, manual items with a
 * person's status, owner, due date and notes (carried forward to the next run of the engagement).
 */
export const sql = `
CREATE TABLE checklist_items (
  assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  automatic INTEGER NOT NULL,
  status TEXT NOT NULL,
  evidence_json TEXT,
  owner TEXT,
  due_date TEXT,
  notes TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (assessment_id, item_id)
) WITHOUT ROWID;
ALTER TABLE assessments ADD COLUMN checklist_template TEXT;
`;
