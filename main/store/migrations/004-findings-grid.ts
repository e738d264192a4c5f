/**
 * The findings grid at a million findings (bench:ui-queries, p95 ≤ 50 ms):
 * - each sort order has an index whose columns are exactly that order, carrying the short filter
 *   columns too, so a filtered, sorted page is an in-order index scan that stops at the page;
 * - a roll-up of counts per OU, class, rule, severity and errorType answers totals and groups
 *   without counting rows;
 * - a trigram full-text index over DN and value finds rare substrings without a full scan.
 */
export const sql = `
DROP INDEX findings_by_rule;
DROP INDEX findings_by_severity;
DROP INDEX findings_by_error_type;
DROP INDEX findings_by_class;
DROP INDEX findings_by_ou;
DROP INDEX findings_by_dn;
CREATE INDEX findings_by_severity ON findings (assessment_id, severity_rank, rule_id, error_type, object_class);
CREATE INDEX findings_by_rule ON findings (assessment_id, rule_id, severity_rank, error_type, object_class);
CREATE INDEX findings_by_error_type ON findings (assessment_id, error_type, severity_rank, rule_id, object_class);
CREATE INDEX findings_by_class ON findings (assessment_id, object_class, severity_rank, rule_id, error_type);
CREATE INDEX findings_by_ou ON findings (assessment_id, ou, severity_rank, rule_id, error_type, object_class);
CREATE INDEX findings_by_dn ON findings (assessment_id, dn, severity_rank, rule_id, error_type, object_class);
CREATE INDEX findings_by_attribute ON findings (assessment_id, attribute, severity_rank, rule_id, error_type, object_class);

CREATE TABLE findings_rollup (
  assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  ou TEXT NOT NULL,
  object_class TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  severity TEXT NOT NULL,
  error_type TEXT NOT NULL,
  findings INTEGER NOT NULL,
  PRIMARY KEY (assessment_id, ou, object_class, rule_id, severity, error_type)
) WITHOUT ROWID;

INSERT INTO findings_rollup
  SELECT f.assessment_id, f.ou, f.object_class, f.rule_id, f.severity, f.error_type, count(*)
  FROM findings f JOIN assessments a ON a.id = f.assessment_id AND a.status = 'completed'
  GROUP BY f.assessment_id, f.ou, f.object_class, f.rule_id, f.severity, f.error_type;

CREATE VIRTUAL TABLE findings_text USING fts5(dn, value, content = 'findings', content_rowid = 'id', tokenize = 'trigram');
-- Set once a run's findings are in findings_text; until then text search scans.
ALTER TABLE assessments ADD COLUMN search_ready INTEGER NOT NULL DEFAULT 0;
`;
