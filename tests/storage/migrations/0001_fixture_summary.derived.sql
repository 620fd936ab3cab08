-- SQLite's derived file only (skipped on PostgreSQL): a table of data derived from `note`.
CREATE TABLE note_summary (note_id INTEGER PRIMARY KEY, words INTEGER NOT NULL);
