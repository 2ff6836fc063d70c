-- 病虫害和灾情: reported by a village's informant from the field (photos, where it was
-- seen), confirmed by the township (or above) for the county's staff and experts.
CREATE TABLE incident_reports (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code  TEXT NOT NULL REFERENCES regions (code),
    kind         TEXT NOT NULL,
    crop         TEXT NOT NULL,
    description  TEXT NOT NULL,
    -- Tenths of a 亩, when known.
    area_tenths  INTEGER,
    -- Millionths of a degree (WGS 84), when the phone gave a position.
    latitude_e6  INTEGER,
    longitude_e6 INTEGER,
    -- Photo hashes in order, comma-separated (at most three).
    photos       TEXT NOT NULL,
    status       TEXT NOT NULL,
    reporter_id  INTEGER NOT NULL REFERENCES users (id),
    reported_at  TIMESTAMP NOT NULL,
    decided_by   INTEGER REFERENCES users (id),
    decided_at   TIMESTAMP,
    review_note  TEXT
);
CREATE INDEX incident_reports_region ON incident_reports (status, region_code, reported_at);
CREATE INDEX incident_reports_reporter ON incident_reports (reporter_id);
