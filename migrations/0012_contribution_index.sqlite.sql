-- Search index, second version (src/consultation/search_entry.h):
-- - contentless: 0009 stored every contribution's analysed terms a second time as FTS5 content
--   (45% of the database, and of what each commit writes), which nothing reads;
-- - a second column of facet tokens (process, call, stakeholder group, country, language, each
--   question answered), so that a search's filters narrow the match inside FTS5 before the
--   rows are ranked, instead of ranking every match and joining to filter.
-- Existing rows move over with their terms; their facets are built here as FacetToken does.
CREATE VIRTUAL TABLE contribution_index USING fts5(
  terms,
  facets,
  content = '',
  -- Both columns hold tokens Plenary made (letters, marks and digits, already case-folded;
  -- facets in ASCII) separated by spaces: the ascii tokenizer splits them as unicode61 did, at
  -- a fraction of the cost, since it need not decode and classify every character again.
  tokenize = 'ascii'
);

INSERT INTO contribution_index (rowid, terms, facets)
SELECT t.rowid, t.terms,
       'process' || c.process_id || ' call' || c.call_id
       || ' group' || lower(replace(replace(c.stakeholder_group, '_', ''), '-', ''))
       || COALESCE(' country' || lower(c.country_iso3), '')
       || ' language' || lower(replace(replace(c.language, '_', ''), '-', ''))
       || COALESCE((SELECT group_concat(' question' || a.question, '')
                    FROM contribution_answers a WHERE a.contribution_id = c.id), '')
FROM contribution_terms t JOIN contributions c ON c.id = t.rowid;

DROP TABLE contribution_terms;
