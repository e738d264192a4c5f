/** Assessments (runs), object snapshots, findings, exclusions, settings, mail completeness. */
export const sql = `
CREATE TABLE assessments (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'interrupted')),
  source_kind TEXT NOT NULL,
  source_label TEXT NOT NULL,
  source_json TEXT NOT NULL,
  options_json TEXT NOT NULL,
  tool_version TEXT NOT NULL,
  summary_json TEXT,
  error TEXT
);

CREATE TABLE objects (
  assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  id INTEGER NOT NULL,
  dn TEXT NOT NULL,
  object_class TEXT NOT NULL CHECK (object_class IN ('user', 'contact', 'group')),
  ou TEXT NOT NULL,
  in_scope INTEGER NOT NULL,
  excluded_reason TEXT,
  mail_enabled INTEGER NOT NULL,
  -- Rows exist for objects with findings or exclusions (what a person opens); clean objects are
  -- counted in the summary only. Every attribute as read, binary values in base64.
  attributes_json TEXT NOT NULL,
  -- The values that must be unique (UPN, mail, SMTP proxies, nickname, sAMAccountName, target),
  -- kept for every in-scope object so duplicates are confirmed on real strings, never on hashes.
  unique_values TEXT,
  PRIMARY KEY (assessment_id, id)
) WITHOUT ROWID;

CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  object_id INTEGER NOT NULL,
  attribute TEXT NOT NULL,
  value TEXT,
  error_type TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('blocker', 'error', 'warning', 'info')),
  suggested_value TEXT,
  related_dns_json TEXT
);
CREATE INDEX findings_by_object ON findings (assessment_id, object_id);

CREATE TABLE mail_completeness (
  assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
  attribute TEXT NOT NULL,
  object_class TEXT NOT NULL,
  ou TEXT NOT NULL,
  total INTEGER NOT NULL,
  complete INTEGER NOT NULL,
  PRIMARY KEY (assessment_id, attribute, object_class, ou)
) WITHOUT ROWID;

-- Scope a person adds on top of the default sync rules; applied to every later run.
CREATE TABLE exclusions (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('include-ou', 'exclude-ou', 'filter', 'exclude-disabled')),
  value TEXT NOT NULL,
  reason TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value_json TEXT NOT NULL
);
`;
