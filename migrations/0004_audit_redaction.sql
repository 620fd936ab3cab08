-- Audit entries whose personal data can be erased without breaking the chain (src/audit/README.md).
-- Format 2 entries hash salted SHA-256 digests of the actor label and of the before/after payload
-- instead of the values themselves; erasing a value replaces it and deletes its salt, and the
-- stored digest keeps the chain whole. Existing rows stay format 1 (the hash covers the values
-- directly) and cannot be redacted. redacted_at is NULL unless something in the row was erased.
ALTER TABLE audit_log ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD COLUMN actor_salt TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN actor_digest TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN payload_salt TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN payload_digest TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN redacted_at TEXT;
CREATE INDEX audit_log_by_actor ON audit_log (actor_user_id, id);
