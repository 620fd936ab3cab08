-- Full-text search over contributions (src/consultation/README.md): Plenary analyses the text
-- itself (src/engines/text: ICU word breaking, Snowball stems and exact forms) and stores the
-- terms; the tokenizer only splits them on spaces again. rowid = contributions.id.
CREATE VIRTUAL TABLE contribution_terms USING fts5(
  terms,
  tokenize = "unicode61 remove_diacritics 0 categories 'L* M* N*'"
);
