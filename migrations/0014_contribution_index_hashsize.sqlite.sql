-- FTS5 keeps a transaction's new terms in memory and writes them out as a segment each time
-- they pass `hashsize` (1 MiB by default), and merges segments as they accumulate. The index
-- backlog (src/consultation/index_backlog.h) writes thousands of contributions' terms per
-- transaction, several MiB: with 32 MiB they make one segment instead of several, and the
-- backlog's transactions, which hold SQLite's one writer, took 15% less time under HTTP intake.
-- The memory is taken only while terms are pending.
INSERT INTO contribution_index (contribution_index, rank) VALUES ('hashsize', 33554432);
