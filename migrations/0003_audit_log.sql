-- The tamper-evident audit trail (src/audit/README.md): one row per change to the record, each
-- chained to the one before by SHA-256. Rows are only ever appended; ids are dense (1, 2, 3...)
-- because the appender assigns them, so a deleted row shows as a gap. Times are ISO 8601 text;
-- before_json / after_json hold canonical JSON ("null" when there is no value).
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_user_id INTEGER NOT NULL,
  actor_label TEXT NOT NULL,
  process_id INTEGER,
  object_type TEXT NOT NULL,
  object_id TEXT NOT NULL,
  action TEXT NOT NULL,
  before_json TEXT NOT NULL,
  after_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_by_object ON audit_log (object_type, object_id, id);
CREATE INDEX audit_log_by_process ON audit_log (process_id, id);
