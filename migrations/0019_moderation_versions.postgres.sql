-- A version per process of the set of its contributions that are not published: see the SQLite
-- half (0019_moderation_versions.sqlite.sql) for why.
CREATE TABLE moderation_versions (
  process_id BIGINT PRIMARY KEY,
  version BIGINT NOT NULL
);
CREATE FUNCTION bump_moderation_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO moderation_versions (process_id, version) VALUES (NEW.process_id, 1)
  ON CONFLICT (process_id) DO UPDATE SET version = moderation_versions.version + 1;
  RETURN NULL;
END
$$;
CREATE TRIGGER contributions_status_changed AFTER UPDATE OF status ON contributions
FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status)
EXECUTE FUNCTION bump_moderation_version();
