-- The mail outbox (src/mail/README.md): every message the platform sends is recorded here, in
-- the transaction of the change that causes it, then delivered by the courier through the SMTP
-- relay. With no relay configured a message is 'held' and stays readable in the admin pages, so
-- no mail is silently dropped. Times are ISO 8601 text; next_attempt_ms is Unix milliseconds
-- (compared numerically), set only while a message is 'pending'. process_id names the process a
-- message concerns (NULL for none); it is not a foreign key, so that mail stays below the
-- domain modules.
CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY,
  process_id INTEGER,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  kind TEXT NOT NULL,
  created_at TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'held', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  next_attempt_ms INTEGER,
  sent_at TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_ms);
CREATE INDEX mail_outbox_by_process ON mail_outbox (process_id, id);
CREATE INDEX mail_outbox_by_status ON mail_outbox (status, id);
