-- Site administrators, seats and capacities behind process roles, API tokens and password
-- reset tokens (src/auth/README.md).
ALTER TABLE users ADD COLUMN site_admin INTEGER NOT NULL DEFAULT 0;
-- For a member role, the seat (members.id) the account sits for and the capacity (head of
-- delegation, delegate, adviser); for an observer role, the organisation observed for.
ALTER TABLE process_roles ADD COLUMN member_id INTEGER REFERENCES members(id);
ALTER TABLE process_roles ADD COLUMN capacity TEXT NOT NULL DEFAULT '';
ALTER TABLE process_roles ADD COLUMN organisation TEXT NOT NULL DEFAULT '';

-- Tokens for programs: the secret is shown once; only its SHA-256 is kept.
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  process_id INTEGER NOT NULL REFERENCES processes(id),
  scope TEXT NOT NULL,  -- 'read' or 'write'
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

-- Single-use, expiring password reset tokens (hashes only).
CREATE TABLE password_resets (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  created_at TEXT NOT NULL,
  expires_at INTEGER NOT NULL,  -- Unix milliseconds
  used_at TEXT
);
CREATE INDEX password_resets_by_user ON password_resets (user_id);
