/**
 * The desktop workspace: engagements (a customer and its cloud), their connection profiles, and
 * the decisions a person takes on findings. Decisions are keyed by what a finding is about (object
 * DN, rule, value), not by a run's row id, so they carry forward to every later run.
 */
export const sql = `
CREATE TABLE engagements (
  id INTEGER PRIMARY KEY,
  customer TEXT NOT NULL,
  cloud TEXT NOT NULL CHECK (cloud IN ('gcc', 'gcc-high', 'dod')),
  tenant_domains_json TEXT NOT NULL DEFAULT '[]',
  routable_suffixes_json TEXT NOT NULL DEFAULT '[]',
  scope_json TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);

ALTER TABLE assessments ADD COLUMN engagement_id INTEGER REFERENCES engagements(id) ON DELETE SET NULL;
-- Scores once a person's exceptions are taken out; recomputed whenever a decision changes.
ALTER TABLE assessments ADD COLUMN adjusted_json TEXT;
CREATE INDEX assessments_by_engagement ON assessments (engagement_id, id);

-- Never a password: the secret column holds only what the OS keyring (safeStorage) encrypted.
CREATE TABLE connection_profiles (
  id INTEGER PRIMARY KEY,
  engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  profile_json TEXT NOT NULL,
  encrypted_secret BLOB,
  updated_at TEXT NOT NULL
);

CREATE TABLE decisions (
  id INTEGER PRIMARY KEY,
  engagement_id INTEGER NOT NULL REFERENCES engagements(id) ON DELETE CASCADE,
  dn TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  value_key TEXT NOT NULL,
  attribute TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('accept', 'exception')),
  new_value TEXT,
  reason TEXT,
  decided_at TEXT NOT NULL,
  UNIQUE (engagement_id, dn, rule_id, value_key)
);
`;
