-- A version per process of the set of its contributions that are not published, moved by any
-- change to that set: a status changed (moderation: the trigger below, whatever writes it, SQL
-- by hand included), or a contribution written unpublished (a call that moderates first:
-- store::InsertContribution(s) move it; a trigger on every insert cost a published row 15,000
-- instructions, a third of its insert). The in-memory search index
-- (src/consultation/search_index.h) keeps each process's unpublished ids and reads them again
-- only when this version moved, instead of at every search (with 50,000 of 100,000 withheld a
-- search took 12 ms at the median, 2.2 ms with it).
CREATE TABLE moderation_versions (
  process_id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL
);
CREATE TRIGGER contributions_status_changed AFTER UPDATE OF status ON contributions
WHEN OLD.status IS NOT NEW.status
BEGIN
  INSERT INTO moderation_versions (process_id, version) VALUES (NEW.process_id, 1)
  ON CONFLICT (process_id) DO UPDATE SET version = version + 1;
END;
