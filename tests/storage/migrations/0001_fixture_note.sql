-- Portable: applied on both backends (with the PostgreSQL rewrites).
CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
