-- The search terms are the stems alone (text::TermString): the exact forms written after them
-- were found by the stems the queries offer in every language (consultation/queries.cc), and
-- were three tokens in ten. Every contribution is indexed again: its terms go, and it is listed
-- in the backlog, whose passes write the new ones.
DELETE FROM contribution_terms;
INSERT INTO contribution_index_backlog (contribution_id)
  SELECT id FROM contributions ON CONFLICT DO NOTHING;
