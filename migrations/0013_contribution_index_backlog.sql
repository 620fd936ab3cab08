-- Contributions whose search terms are still to be written (src/consultation/index_backlog.h).
-- A submission adds its id here in its own shared commit, which stays small; the backlog's
-- writer indexes thousands at a time (SQLite's FTS5 writes a segment per transaction, so terms
-- written in large transactions cost a fraction of those written a few at a time) and removes
-- them in that same transaction. What is listed after a crash is indexed at the next start.
CREATE TABLE contribution_index_backlog (
  contribution_id INTEGER PRIMARY KEY
);
