-- The SQLite half moves search to a contentless FTS5 table with facet tokens. PostgreSQL keeps
-- 0009's tsvector table, whose GIN index holds no copy of the text, and filters by joining to
-- contributions, whose indexes serve the filters.
SELECT 1;
