-- The search index moves to the derived file (`<db path>-derived`,
-- 0018_contribution_index_derived.derived.sql), as campaign detection's tables did in 0017:
-- the index backlog's passes wrote thousands of contributions' terms in transactions that held
-- the main file's one writer, and every submission waited behind them (with the backlog's
-- passes off, HTTP intake took 7-20% more submissions a second: bench/intake/README.md,
-- session 8). The terms are rebuilt from the contributions: every contribution is listed in
-- the backlog again, and the backlog's writer indexes them into the derived file (about a
-- minute a million, in the background; listings and counts read the backlog meanwhile).
DROP TABLE contribution_index;
INSERT OR IGNORE INTO contribution_index_backlog (contribution_id) SELECT id FROM contributions;
