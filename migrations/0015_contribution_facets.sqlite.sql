-- Listings filtered by stakeholder group, country or language walk the search index's facet
-- tokens (src/consultation/store_listing.cc) rather than an index of their own. The three
-- indexes were a third of what each submission wrote to the log (an entry in a page of its
-- own for nearly every submission of a shared commit: one country's entries are not next to
-- the last one's); without them HTTP intake took 12% more submissions a second and an import
-- 9% more (bench/intake/README.md, session 7). PostgreSQL keeps them.
DROP INDEX contributions_by_group;
DROP INDEX contributions_by_country;
DROP INDEX contributions_by_language;
-- Contributions from the public have no account: listing them in the index of accounts'
-- contributions (privacy's export and erasure look an account's up) cost a page of the log
-- per shared commit, for nothing.
DROP INDEX contributions_by_user;
CREATE INDEX contributions_by_user ON contributions (user_id) WHERE user_id IS NOT NULL;
