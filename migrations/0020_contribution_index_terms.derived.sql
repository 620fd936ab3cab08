-- The contributions' search index again:
-- - with FTS5's tokenizer for analysed terms (plenary_terms, src/storage/sqlite/terms_tokenizer.h)
--   in place of `ascii`: the same tokens (the terms are lower-case words and facet tokens, one
--   space apart), at a fifth less of the cost of writing them;
-- - for the stems alone (text::TermString; see 0020_contribution_index_terms.postgres.sql).
-- The index starts empty: the server and imports list every contribution in the backlog again
-- at their start (store::ReconcileIndex), and its passes index them.
DROP TABLE contribution_index;
CREATE VIRTUAL TABLE contribution_index USING fts5(
  terms,
  facets,
  content = '',
  tokenize = 'plenary_terms'
);
INSERT INTO contribution_index (contribution_index, rank) VALUES ('hashsize', 33554432);
INSERT INTO contribution_index (contribution_index, rank) VALUES ('automerge', 16);
INSERT INTO contribution_index (contribution_index, rank) VALUES ('crisismerge', 64);
