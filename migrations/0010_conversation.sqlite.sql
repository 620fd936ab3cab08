-- Opinion conversations (src/conversation/README.md): statements, participants, votes and the
-- analysis snapshots. Statements and participants are numbered within their conversation (Polis's
-- tid and pid), so a vote is three small integers. SQLite half: votes in a WITHOUT ROWID table
-- keyed by (conversation, participant, statement), so the latest vote replaces the cell in place.
CREATE TABLE conversations (
  id INTEGER PRIMARY KEY,
  process_id INTEGER NOT NULL REFERENCES processes(id),
  topic TEXT NOT NULL,
  description TEXT NOT NULL,
  is_open INTEGER NOT NULL,
  moderation TEXT NOT NULL,            -- participant statements: 'none' or 'before_publication'
  participant_statements INTEGER NOT NULL,  -- 1: participants may submit statements
  origin TEXT NOT NULL,                -- '' or where an import came from
  revision INTEGER NOT NULL,           -- bumped by every write of votes or moderation
  next_statement INTEGER NOT NULL,
  next_participant INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX conversations_by_process ON conversations (process_id, id);

CREATE TABLE conversation_statements (
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  number INTEGER NOT NULL,
  text TEXT NOT NULL,
  source TEXT NOT NULL,                -- where a seeded statement comes from (text or URL)
  author INTEGER,                      -- participant number; NULL when seeded
  seeded INTEGER NOT NULL,
  is_meta INTEGER NOT NULL,
  status TEXT NOT NULL,                -- accepted, pending, rejected
  reason TEXT NOT NULL,
  moderated_by INTEGER,
  moderated_at TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (conversation_id, number)
);

CREATE TABLE conversation_participants (
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  number INTEGER NOT NULL,
  user_id INTEGER REFERENCES users(id),
  token_hash TEXT,                     -- SHA-256 of an anonymous participant's token
  stakeholder_group TEXT NOT NULL,
  country_iso3 TEXT REFERENCES countries(iso3),
  polis_group INTEGER,                 -- group-id of an imported Polis export
  origin TEXT NOT NULL,                -- web, api, batch, polis
  created_at TEXT NOT NULL,
  PRIMARY KEY (conversation_id, number),
  UNIQUE (conversation_id, user_id),
  UNIQUE (conversation_id, token_hash)
);

-- One row per cell: vote +1 agree, -1 disagree, 0 pass (Polis's export sign); voted_at in ms.
CREATE TABLE conversation_votes (
  conversation_id INTEGER NOT NULL,
  participant INTEGER NOT NULL,
  statement INTEGER NOT NULL,
  vote INTEGER NOT NULL,
  voted_at INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, participant, statement)
) WITHOUT ROWID;

-- Immutable analysis results, numbered within the conversation, cited by number.
CREATE TABLE conversation_snapshots (
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  number INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  participants INTEGER NOT NULL,
  votes INTEGER NOT NULL,
  result TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (conversation_id, number)
);
