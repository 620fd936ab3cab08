-- Accounts, their roles per process, server-side sessions and sign-in throttling.
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  publish_name INTEGER NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE process_roles (
  user_id INTEGER NOT NULL REFERENCES users(id),
  process_id INTEGER NOT NULL REFERENCES processes(id),
  role TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (user_id, process_id, role)
);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at INTEGER NOT NULL  -- Unix milliseconds, compared numerically
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE sign_in_failures (
  subject TEXT NOT NULL,
  at INTEGER NOT NULL  -- Unix milliseconds
);
CREATE INDEX sign_in_failures_by_subject ON sign_in_failures (subject, at);
