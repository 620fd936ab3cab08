-- Accreditation requests (src/accreditation/README.md): a person asks to join a process as a
-- member delegate (for a seat of the membership, as head of delegation, delegate or adviser) or
-- as an observer (for an organisation), with a nomination letter or note verbale as a PDF. The
-- secretariat approves or refuses with a reason; approval grants the role (process_roles).
-- delegation_role is '' for observers. The letter is kept until a data-protection erasure empties
-- it (letter_bytes 0, letter_filename ''). decided_by and decided_at are NULL while pending.
CREATE TABLE accreditation_requests (
  id INTEGER PRIMARY KEY,
  process_id INTEGER NOT NULL REFERENCES processes(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  capacity TEXT NOT NULL CHECK (capacity IN ('member', 'observer')),
  member_id INTEGER REFERENCES members(id),
  delegation_role TEXT NOT NULL CHECK (delegation_role IN ('', 'head', 'delegate', 'adviser')),
  organisation TEXT NOT NULL,
  note TEXT NOT NULL,
  letter BLOB NOT NULL,
  letter_filename TEXT NOT NULL,
  letter_bytes INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'refused')),
  reason TEXT NOT NULL DEFAULT '',
  decided_by INTEGER REFERENCES users(id),
  decided_at TEXT,
  created_at TEXT NOT NULL
);
-- The secretariat's queue: one process's requests by status, oldest first.
CREATE INDEX accreditation_requests_queue ON accreditation_requests (process_id, status, id);
-- A person's own requests (their page, data-protection export and erasure).
CREATE INDEX accreditation_requests_by_user ON accreditation_requests (user_id, process_id);
-- At most one pending request per account, process and capacity.
CREATE UNIQUE INDEX accreditation_requests_one_pending
  ON accreditation_requests (process_id, user_id, capacity) WHERE status = 'pending';
