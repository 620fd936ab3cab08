-- SQLite's derived file (`<db path>-derived`): campaign detection's tables, as in
-- 0011_campaigns.sql, moved out of the main file by 0017_campaigns_derived_file.sqlite.sql.
-- Written only by Database::DerivedTransaction, read by Read (the readers attach this file).
-- No REFERENCES to the main file's tables (calls, contributions): SQLite cannot check a key
-- across files. Every row is derived from the contributions above the watermark, so a file
-- that is lost or deleted comes back empty with this schema (Migrate), from watermark 0, and
-- detection rebuilds the same clusters (ids are contribution ids; the engine is deterministic).
-- The watermark is in this file with the clusters: one transaction commits both, atomically.

-- How far detection has read: every contribution with a smaller or equal id has been indexed.
-- One row (id 1); a detector advances it only from the value it read (compare and set).
CREATE TABLE campaign_detection (
  id INTEGER PRIMARY KEY,
  last_contribution_id INTEGER NOT NULL
);
INSERT INTO campaign_detection (id, last_contribution_id) VALUES (1, 0);

-- Contributions indexed per call (the base of the unique/campaign statistics).
CREATE TABLE campaign_calls (
  call_id INTEGER PRIMARY KEY,        -- calls(id) in the main file
  contributions INTEGER NOT NULL,
  unreadable INTEGER NOT NULL
);

-- Clusters of two or more near-identical contributions (see 0011_campaigns.sql).
CREATE TABLE campaign_clusters (
  id INTEGER PRIMARY KEY,
  call_id INTEGER NOT NULL,               -- calls(id) in the main file
  representative_id INTEGER NOT NULL,     -- contributions(id) in the main file
  members INTEGER NOT NULL,
  variants INTEGER NOT NULL,
  representative_copies INTEGER NOT NULL,
  is_campaign INTEGER NOT NULL,
  first_arrival TEXT NOT NULL,
  last_arrival TEXT NOT NULL,
  bucket_seconds INTEGER NOT NULL,
  arrivals TEXT NOT NULL,
  peak_per_minute INTEGER NOT NULL,
  peak_to_mean REAL NOT NULL,
  burst INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX campaign_clusters_by_call ON campaign_clusters (call_id, is_campaign, members);

-- Membership. Read by consultation's listing to collapse campaigns (a join across the files).
CREATE TABLE contribution_campaign (
  contribution_id INTEGER NOT NULL PRIMARY KEY,  -- contributions(id) in the main file
  campaign_id INTEGER NOT NULL REFERENCES campaign_clusters(id),
  call_id INTEGER NOT NULL,
  is_representative INTEGER NOT NULL,
  in_campaign INTEGER NOT NULL,
  campaign_members INTEGER NOT NULL,
  personal TEXT NOT NULL,
  added TEXT NOT NULL
);
CREATE INDEX contribution_campaign_by_campaign ON contribution_campaign (campaign_id, contribution_id);
CREATE INDEX contribution_campaign_by_call ON contribution_campaign (call_id, contribution_id);

-- Each added phrase of each campaign member, for "the most frequent additions".
CREATE TABLE campaign_additions (
  campaign_id INTEGER NOT NULL REFERENCES campaign_clusters(id),
  contribution_id INTEGER NOT NULL,       -- contributions(id) in the main file
  phrase TEXT NOT NULL
);
CREATE INDEX campaign_additions_by_campaign ON campaign_additions (campaign_id, phrase);
CREATE INDEX campaign_additions_by_contribution ON campaign_additions (contribution_id);
