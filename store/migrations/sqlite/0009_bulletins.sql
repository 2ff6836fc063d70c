-- Notices, policies and warnings for a region and everything inside it. `target_code` is
-- the region's code, or '' for the whole country; a village's bulletins are those targeted
-- at its own code or one of its ancestors', each a look-up of the index.
CREATE TABLE bulletins (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    target_code  TEXT NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    expires_on   DATE,
    publisher_id INTEGER NOT NULL REFERENCES users (id),
    published_at TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP
);
CREATE INDEX bulletins_target ON bulletins (target_code, id);
