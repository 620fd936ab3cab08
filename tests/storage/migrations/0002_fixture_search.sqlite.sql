-- SQLite's half: an FTS5 index over note.body, kept in step by triggers.
CREATE VIRTUAL TABLE note_search USING fts5(body, content='note', content_rowid='id');
CREATE TRIGGER note_search_insert AFTER INSERT ON note BEGIN
  INSERT INTO note_search (rowid, body) VALUES (new.id, new.body);
END;
