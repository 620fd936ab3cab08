CREATE INDEX note_body ON note (body);
