/**
 * The findings grid filters and sorts by class, OU and DN: copy them onto each finding so those
 * queries use one index each instead of a join, and rank severities so they sort in order.
 */
export const sql = `
ALTER TABLE findings ADD COLUMN dn TEXT NOT NULL DEFAULT '';
ALTER TABLE findings ADD COLUMN object_class TEXT NOT NULL DEFAULT '';
ALTER TABLE findings ADD COLUMN ou TEXT NOT NULL DEFAULT '';
ALTER TABLE findings ADD COLUMN severity_rank INTEGER NOT NULL DEFAULT 0;

UPDATE findings SET
  dn = (SELECT o.dn FROM objects o WHERE o.assessment_id = findings.assessment_id AND o.id = findings.object_id),
  object_class = (SELECT o.object_class FROM objects o WHERE o.assessment_id = findings.assessment_id AND o.id = findings.object_id),
  ou = (SELECT o.ou FROM objects o WHERE o.assessment_id = findings.assessment_id AND o.id = findings.object_id),
  severity_rank = CASE severity WHEN 'blocker' THEN 0 WHEN 'error' THEN 1 WHEN 'warning' THEN 2 ELSE 3 END;

CREATE INDEX findings_by_rule ON findings (assessment_id, rule_id, severity_rank);
CREATE INDEX findings_by_severity ON findings (assessment_id, severity_rank, rule_id);
CREATE INDEX findings_by_error_type ON findings (assessment_id, error_type);
CREATE INDEX findings_by_class ON findings (assessment_id, object_class);
CREATE INDEX findings_by_ou ON findings (assessment_id, ou);
CREATE INDEX findings_by_dn ON findings (assessment_id, dn);
CREATE INDEX objects_excluded ON objects (assessment_id, in_scope, excluded_reason);
`;
