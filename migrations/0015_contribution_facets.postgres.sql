-- The SQLite half drops the indexes of contributions' stakeholder group, country and language:
-- its listings filter through FTS5's facet tokens. PostgreSQL's writers do not queue behind
-- one another, and its listings use these indexes: they stay.
-- Both: contributions from the public have no account, and are left out of the index of
-- accounts' contributions (privacy's export and erasure look an account's up).
DROP INDEX contributions_by_user;
CREATE INDEX contributions_by_user ON contributions (user_id) WHERE user_id IS NOT NULL;
