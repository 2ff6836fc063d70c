-- 验收: a built station inspected against 六有 item by item. The six items (met, note,
-- photos) are kept as JSON in the checklist's order; a passed inspection accepted the
-- station in the same transaction.
CREATE TABLE station_inspections (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    station_code TEXT COLLATE "C" NOT NULL REFERENCES stations (code),
    inspected_on DATE NOT NULL,
    inspectors   TEXT NOT NULL,
    items        TEXT NOT NULL,
    result       TEXT NOT NULL,
    problems     TEXT NOT NULL,
    correct_by   DATE,
    recorded_by  BIGINT NOT NULL REFERENCES users (id),
    recorded_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX station_inspections_station ON station_inspections (station_code, id);

-- 备案: a county's accepted stations filed to its city, which confirms or returns the
-- filing (reviewed as every submission is: status, review_note, decided_by, decided_at).
-- `stations` is the filing as sent (JSON: each station with its place and inspection);
-- `station_filing_items` finds a station's filings.
CREATE TABLE station_filings (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region_code  TEXT COLLATE "C" NOT NULL REFERENCES regions (code),
    stations     TEXT NOT NULL,
    status       TEXT NOT NULL,
    sent_by      BIGINT NOT NULL REFERENCES users (id),
    sent_at      TIMESTAMPTZ NOT NULL,
    decided_by   BIGINT REFERENCES users (id),
    decided_at   TIMESTAMPTZ,
    review_note  TEXT
);
CREATE INDEX station_filings_region ON station_filings (status, region_code, sent_at);
CREATE INDEX station_filings_sender ON station_filings (sent_by);
CREATE TABLE station_filing_items (
    filing_id    BIGINT NOT NULL REFERENCES station_filings (id),
    station_code TEXT COLLATE "C" NOT NULL REFERENCES stations (code),
    PRIMARY KEY (filing_id, station_code)
);
CREATE INDEX station_filing_items_station ON station_filing_items (station_code, filing_id);
