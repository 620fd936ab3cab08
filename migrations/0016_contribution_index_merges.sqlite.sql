-- FTS5 merges a level's segments into one of the next level once `automerge` of them are there
-- (4 by default), so every posting is rewritten once per level. The index backlog writes a
-- segment a pass (thousands of contributions: migration 0014), and at 4 a submission's terms
-- were rewritten twice as often as at 16, inside the transactions that hold SQLite's one
-- writer while every submission waits. At 16, HTTP intake took 23-30% more submissions a second
-- (alternated pairs, bench/intake/README.md, session 7). Imports used 16 already, for the
-- import alone: the setting is now the usual one. Searches read up to 16 segments a level
-- instead of 4 (the in-memory index answers them while the server runs). `crisismerge`, the
-- count at which a merge is done at once rather than bit by bit, stays above it.
INSERT INTO contribution_index (contribution_index, rank) VALUES ('automerge', 16);
INSERT INTO contribution_index (contribution_index, rank) VALUES ('crisismerge', 64);
