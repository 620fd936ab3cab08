-- Mass comment campaigns (src/campaigns/README.md): clusters of near-identical contributions per
-- call, who belongs to which, what each member added to the representative text, and the
-- "submitted in my name without my consent" flags. Times are ISO 8601 UTC text.
-- On SQLite every table here but consent_flags moved to the derived file
-- (0017_campaigns_derived_file).

-- How far detection has read: every contribution with a smaller or equal id has been indexed.
-- One row (id 1); a detector advances it only from the value it read (compare and set).
CREATE TABLE campaign_detection (
  id INTEGER PRIMARY KEY,
  last_contribution_id INTEGER NOT NULL
);
INSERT INTO campaign_detection (id, last_contribution_id) VALUES (1, 0);

-- Contributions indexed per call (the base of the unique/campaign statistics).
CREATE TABLE campaign_calls (
  call_id INTEGER PRIMARY KEY REFERENCES calls(id),
  contributions INTEGER NOT NULL,
  unreadable INTEGER NOT NULL         -- refused by the engine (empty, one word repeated, ...)
);

-- Clusters of two or more near-identical contributions; a campaign when is_campaign = 1
-- (at least the server's --min-campaign members). The id is the id of the cluster's earliest
-- contribution, which stays its id as it grows (and survives a rebuild of the index).
CREATE TABLE campaign_clusters (
  id INTEGER PRIMARY KEY,
  call_id INTEGER NOT NULL REFERENCES calls(id),
  representative_id INTEGER NOT NULL REFERENCES contributions(id),
  members INTEGER NOT NULL,
  variants INTEGER NOT NULL,              -- distinct normalised texts
  representative_copies INTEGER NOT NULL, -- members with exactly the representative's text
  is_campaign INTEGER NOT NULL,
  first_arrival TEXT NOT NULL,
  last_arrival TEXT NOT NULL,
  bucket_seconds INTEGER NOT NULL,        -- width of one bucket of `arrivals`
  arrivals TEXT NOT NULL,                 -- arrivals per bucket from first_arrival, comma-separated
  peak_per_minute INTEGER NOT NULL,       -- most arrivals within one minute
  peak_to_mean REAL NOT NULL,
  burst INTEGER NOT NULL,                 -- a computer-generated signal (engines/dedup campaign.h)
  updated_at TEXT NOT NULL
);
CREATE INDEX campaign_clusters_by_call ON campaign_clusters (call_id, is_campaign, members);

-- Membership. Read by consultation's listing to collapse campaigns (store.cc, collapse).
CREATE TABLE contribution_campaign (
  contribution_id INTEGER NOT NULL PRIMARY KEY REFERENCES contributions(id),
  campaign_id INTEGER NOT NULL REFERENCES campaign_clusters(id),
  call_id INTEGER NOT NULL REFERENCES calls(id),
  is_representative INTEGER NOT NULL,
  in_campaign INTEGER NOT NULL,
  campaign_members INTEGER NOT NULL,      -- the cluster's size, on the representative's row only
  personal TEXT NOT NULL,                 -- JSON edits against the representative ('' outside campaigns)
  added TEXT NOT NULL                     -- the added phrases, joined by ' | '
);
CREATE INDEX contribution_campaign_by_campaign ON contribution_campaign (campaign_id, contribution_id);
CREATE INDEX contribution_campaign_by_call ON contribution_campaign (call_id, contribution_id);

-- Each added phrase of each campaign member, for "the most frequent additions".
CREATE TABLE campaign_additions (
  campaign_id INTEGER NOT NULL REFERENCES campaign_clusters(id),
  contribution_id INTEGER NOT NULL REFERENCES contributions(id),
  phrase TEXT NOT NULL
);
CREATE INDEX campaign_additions_by_campaign ON campaign_additions (campaign_id, phrase);
CREATE INDEX campaign_additions_by_contribution ON campaign_additions (contribution_id);

-- "This was submitted in my name without my consent." Recorded and shown; nothing is deleted.
CREATE TABLE consent_flags (
  id INTEGER PRIMARY KEY,
  contribution_id INTEGER NOT NULL REFERENCES contributions(id),
  call_id INTEGER NOT NULL REFERENCES calls(id),
  name TEXT NOT NULL,
  contact TEXT NOT NULL,                  -- an email; seen by the secretariat only
  statement TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (contribution_id, contact)
);
CREATE INDEX consent_flags_by_call ON consent_flags (call_id, id);
CREATE INDEX consent_flags_by_contact ON consent_flags (contact, created_at);
