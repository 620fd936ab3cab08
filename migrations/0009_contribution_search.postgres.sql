-- Full-text search over contributions (src/consultation/README.md): Plenary analyses the text
-- itself (src/engines/text) and stores the terms; the 'simple' configuration only splits them.
CREATE TABLE contribution_terms (
  contribution_id BIGINT PRIMARY KEY REFERENCES contributions(id),
  terms TSVECTOR NOT NULL
);
CREATE INDEX contribution_terms_search ON contribution_terms USING GIN (terms);
