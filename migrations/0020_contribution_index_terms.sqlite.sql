-- Nothing to do in the main file: the search index is in the derived file, which
-- 0020_contribution_index_terms.derived.sql makes again (empty; the server and imports list
-- every contribution in the backlog again at their start: store::ReconcileIndex).
SELECT 1;
