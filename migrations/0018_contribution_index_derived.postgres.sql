-- Nothing to do: one PostgreSQL database holds the main and the derived tables; the search
-- terms stay in contribution_terms (0009). The SQLite half moves FTS5 to the derived file.
SELECT 1;
