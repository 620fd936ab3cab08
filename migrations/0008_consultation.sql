-- Calls for contributions and what they receive (src/consultation/README.md). Times are ISO 8601
-- UTC text, which sorts as time does.
CREATE TABLE calls (
  id INTEGER PRIMARY KEY,
  process_id INTEGER NOT NULL REFERENCES processes(id),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  opens_at TEXT NOT NULL,
  closes_at TEXT NOT NULL,
  languages TEXT NOT NULL,     -- accepted ISO 639-1 codes, comma-separated; '' for any
  contributors TEXT NOT NULL,  -- members, observers, public; comma-separated
  moderation TEXT NOT NULL,    -- 'none' or 'before_publication'
  licence TEXT NOT NULL,
  record_note TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX calls_by_process ON calls (process_id, id);

CREATE TABLE call_questions (
  call_id INTEGER NOT NULL REFERENCES calls(id),
  number INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (call_id, number)
);

CREATE TABLE contributions (
  id INTEGER PRIMARY KEY,
  call_id INTEGER NOT NULL REFERENCES calls(id),
  process_id INTEGER NOT NULL REFERENCES processes(id),
  receipt TEXT NOT NULL UNIQUE,
  idempotency_key TEXT,          -- the client's, so a retried submission lands once
  user_id INTEGER REFERENCES users(id),
  author_name TEXT NOT NULL,
  publish_name INTEGER NOT NULL,
  organisation TEXT NOT NULL,
  stakeholder_group TEXT NOT NULL,
  country_iso3 TEXT REFERENCES countries(iso3),
  language TEXT NOT NULL,
  language_detected INTEGER NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,          -- published, pending, withheld
  withheld_reason TEXT NOT NULL,
  moderated_by INTEGER,
  moderated_at TEXT,
  submitted_at TEXT NOT NULL,
  UNIQUE (call_id, idempotency_key)
);
CREATE INDEX contributions_by_call ON contributions (call_id, status, id);
CREATE INDEX contributions_by_group ON contributions (call_id, stakeholder_group);
CREATE INDEX contributions_by_country ON contributions (call_id, country_iso3);
CREATE INDEX contributions_by_language ON contributions (call_id, language);
CREATE INDEX contributions_by_user ON contributions (user_id);

CREATE TABLE contribution_answers (
  contribution_id INTEGER NOT NULL REFERENCES contributions(id),
  question INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (contribution_id, question)
);

CREATE TABLE contribution_files (
  id INTEGER PRIMARY KEY,
  contribution_id INTEGER NOT NULL REFERENCES contributions(id),
  filename TEXT NOT NULL,
  media_type TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  pages INTEGER NOT NULL,
  content BLOB NOT NULL,         -- the original, byte for byte
  text TEXT NOT NULL             -- extracted, searchable
);
CREATE INDEX contribution_files_by_contribution ON contribution_files (contribution_id);
