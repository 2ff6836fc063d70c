-- Offline capture: every record an informant's phone sends carries the id the phone gave
-- it (a UUIDv7). The first arrival of an id is kept here with a digest of its content and
-- what it became, in the transaction that stores the record, so a record sent again
-- (its answer was lost on the way) is recognised, not stored twice.
CREATE TABLE synced_records (
    client_id      TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,
    sender_id      BIGINT NOT NULL REFERENCES users (id),
    content_digest TEXT NOT NULL,
    record_id      BIGINT NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL
);

-- Price reports carry photos: hashes in order, comma-separated.
ALTER TABLE price_reports ADD COLUMN photos TEXT NOT NULL DEFAULT '';
