-- Regions: the five administrative levels, keyed by the statistics bureau's codes.
-- A code starts with its parent's code, so a subtree is a range of codes.
CREATE TABLE regions (
    code        TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    level       SMALLINT NOT NULL CHECK (level BETWEEN 1 AND 5),
    parent_code TEXT REFERENCES regions (code)
);
CREATE INDEX regions_parent ON regions (parent_code, code);

-- The four service types and what each covers; reference data, kept in the database so an
-- operator can extend the items without a release.
CREATE TABLE service_types (
    kind       TEXT PRIMARY KEY NOT NULL,
    name_zh    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    summary_zh TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    sort_order INTEGER NOT NULL
);
CREATE TABLE service_items (
    code       TEXT PRIMARY KEY NOT NULL,
    kind       TEXT NOT NULL REFERENCES service_types (kind),
    name_zh    TEXT NOT NULL,
    name_en    TEXT NOT NULL,
    sort_order INTEGER NOT NULL
);

CREATE TABLE targets (
    id             INTEGER PRIMARY KEY,
    region_code    TEXT NOT NULL REFERENCES regions (code),
    period         TEXT NOT NULL,
    metric         TEXT NOT NULL,
    value          REAL NOT NULL,
    basis_villages INTEGER,
    source         TEXT NOT NULL,
    UNIQUE (region_code, period, metric, source)
);

-- 益农信息社. `code` is the unified number (统一编号), derived from the village code.
CREATE TABLE stations (
    code          TEXT PRIMARY KEY NOT NULL,
    village_code  TEXT NOT NULL REFERENCES regions (code),
    name          TEXT NOT NULL,
    station_type  TEXT NOT NULL,
    status        TEXT NOT NULL,
    host_venue    TEXT NOT NULL,
    address       TEXT NOT NULL,
    opening_hours TEXT NOT NULL,
    latitude      REAL,
    longitude     REAL,
    opened_on     DATE,
    is_demo       BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX stations_village ON stations (village_code);

CREATE TABLE informants (
    id           INTEGER PRIMARY KEY,
    station_code TEXT NOT NULL REFERENCES stations (code),
    name         TEXT NOT NULL,
    phone        TEXT NOT NULL,
    status       TEXT NOT NULL,
    is_demo      BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX informants_station ON informants (station_code);

CREATE TABLE service_records (
    id           INTEGER PRIMARY KEY,
    station_code TEXT NOT NULL REFERENCES stations (code),
    kind         TEXT NOT NULL REFERENCES service_types (kind),
    item_code    TEXT NOT NULL REFERENCES service_items (code),
    served_on    DATE NOT NULL,
    is_demo      BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX service_records_station ON service_records (station_code, served_on);
