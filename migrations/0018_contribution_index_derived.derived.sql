-- SQLite's search index, in the derived file (0018_contribution_index_derived.sqlite.sql says
-- why it left the main file): the table of 0012, with the settings of 0014 and 0016.
-- Written only by the index backlog's passes (src/consultation/index_backlog.h), in two steps:
-- the terms here, then the ids out of the main file's backlog. A crash between the two leaves
-- ids in both; a pass skips the ids this index already has (its %_docsize table lists each
-- document), and listings count an id that is in both once (src/consultation/store_listing.cc).
-- A lost file comes back empty; the server then lists every contribution the index lacks in
-- the backlog again (store::ReconcileIndex).
CREATE VIRTUAL TABLE contribution_index USING fts5(
  terms,
  facets,
  content = '',
  tokenize = 'ascii'
);
INSERT INTO contribution_index (contribution_index, rank) VALUES ('hashsize', 33554432);
INSERT INTO contribution_index (contribution_index, rank) VALUES ('automerge', 16);
INSERT INTO contribution_index (contribution_index, rank) VALUES ('crisismerge', 64);
