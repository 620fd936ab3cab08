-- PostgreSQL's half, taken as written: INTEGER stays int4 here (no rewrite).
ALTER TABLE note ADD COLUMN search tsvector
  GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED;
CREATE INDEX note_search ON note USING GIN (search);
CREATE TABLE note_typed (n INTEGER);
