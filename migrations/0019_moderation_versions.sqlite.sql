-- A version per process of the set of its contributions that are not published, bumped by any
-- change to that set: a contribution written unpublished (a call that moderates first), or a
-- status changed (moderation). The in-memory search index (src/consultation/search_index.h)
-- keeps each process's unpublished ids and reads them again only when this version moved,
-- instead of at every search (a process with 100,000 withheld paid ~30 ms a search). Triggers,
-- so that every way of writing contributions keeps it, the import's and SQL by hand included.
CREATE TABLE moderation_versions (
  process_id INTEGER PRIMARY KEY,
  version INTEGER NOT NULL
);
CREATE TRIGGER contributions_written_unpublished AFTER INSERT ON contributions
WHEN NEW.status <> 'published'
BEGIN
  INSERT INTO moderation_versions (process_id, version) VALUES (NEW.process_id, 1)
  ON CONFLICT (process_id) DO UPDATE SET version = version + 1;
END;
CREATE TRIGGER contributions_status_changed AFTER UPDATE OF status ON contributions
WHEN OLD.status IS NOT NEW.status
BEGIN
  INSERT INTO moderation_versions (process_id, version) VALUES (NEW.process_id, 1)
  ON CONFLICT (process_id) DO UPDATE SET version = version + 1;
END;
