-- Reference data (UN M49) and the first domain module: processes, their guiding questions,
-- timeline and members. Dates are ISO 8601 text; flags are 0/1 integers.
CREATE TABLE countries (
  iso3 TEXT PRIMARY KEY,
  iso2 TEXT NOT NULL,
  m49 TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  region TEXT NOT NULL,
  subregion TEXT NOT NULL,
  ldc INTEGER NOT NULL,
  lldc INTEGER NOT NULL,
  sids INTEGER NOT NULL,
  un_status TEXT NOT NULL,
  un_regional_group TEXT NOT NULL
);

CREATE TABLE processes (
  id INTEGER PRIMARY KEY,
  short_name TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  mandate TEXT NOT NULL,
  mandate_source TEXT NOT NULL,
  parent_body TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  status TEXT NOT NULL,
  methods_of_work TEXT NOT NULL,
  outcome TEXT NOT NULL,
  time_zone TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE guiding_questions (
  process_id INTEGER NOT NULL REFERENCES processes(id),
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (process_id, position)
);

CREATE TABLE milestones (
  id INTEGER PRIMARY KEY,
  process_id INTEGER NOT NULL REFERENCES processes(id),
  kind TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  title TEXT NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX milestones_by_process ON milestones (process_id, starts_on);

CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  process_id INTEGER NOT NULL REFERENCES processes(id),
  seat_label TEXT NOT NULL,
  stakeholder_group TEXT NOT NULL,
  role TEXT NOT NULL,
  country_iso3 TEXT REFERENCES countries(iso3),
  regional_group TEXT NOT NULL,
  organisation TEXT NOT NULL,
  person TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  note TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX members_by_process ON members (process_id, stakeholder_group);
