-- Campaign detection's derived tables move to the derived file (`<db path>-derived`,
-- 0017_campaigns_derived_file.derived.sql), written by Database::DerivedTransaction on a
-- connection of its own, so that a detection batch no longer holds the main file's one writer
-- (and every submission behind it). They are rebuilt from the contributions: what they held
-- here is dropped, and the derived file starts detection again from watermark 0.
-- consent_flags is user data and stays here.
-- Children first: foreign keys are on, and DROP TABLE deletes the rows before the table.
DROP TABLE campaign_additions;
DROP TABLE contribution_campaign;
DROP TABLE campaign_clusters;
DROP TABLE campaign_calls;
DROP TABLE campaign_detection;
