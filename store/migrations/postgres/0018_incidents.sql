-- 病虫害和灾情: reported by a village's informant from the field (photos, where it was
-- seen), confirmed by the township (or above) for the county's staff and experts.
CREATE TABLE incident_reports (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region_code  TEXT COLLATE "C" NOT NULL REFERENCES regions (code),
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
    reporter_id  BIGINT NOT NULL REFERENCES users (id),
    reported_at  TIMESTAMPTZ NOT NULL,
    decided_by   BIGINT REFERENCES users (id),
    decided_at   TIMESTAMPTZ,
    review_note  TEXT
);
CREATE INDEX incident_reports_region ON incident_reports (status, region_code, reported_at);
CREATE INDEX incident_reports_reporter ON incident_reports (reporter_id);
