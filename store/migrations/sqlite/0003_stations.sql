-- Poverty-priority villages (贫困村) are reported separately and covered first.
ALTER TABLE regions ADD COLUMN is_poverty BOOLEAN NOT NULL DEFAULT FALSE;

-- Centres above villages belong to a township or county, so a station has a region.
ALTER TABLE stations RENAME COLUMN village_code TO region_code;
-- The 六有 checklist's evidence; `compliant` is kept current by the store from it and
-- the station's qualified informants (有人员).
ALTER TABLE stations ADD COLUMN venue_area_m2 REAL;
ALTER TABLE stations ADD COLUMN devices INTEGER;
ALTER TABLE stations ADD COLUMN broadband_mbps REAL;
ALTER TABLE stations ADD COLUMN page_url TEXT;
ALTER TABLE stations ADD COLUMN sustainable BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE stations ADD COLUMN compliant BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE stations ADD COLUMN closed_on DATE;

CREATE TABLE station_events (
    id           INTEGER PRIMARY KEY,
    station_code TEXT NOT NULL REFERENCES stations (code),
    from_status  TEXT,
    to_status    TEXT NOT NULL,
    reason       TEXT,
    actor_id     INTEGER REFERENCES users (id),
    at           TIMESTAMP NOT NULL
);
CREATE INDEX station_events_station ON station_events (station_code, id);

-- Coverage roll-ups for provinces, cities, counties and townships, so a drill-down at any
-- level reads a few rows instead of counting villages. Rebuilt for a region's ancestors
-- whenever a station, an informant or a village flag inside it changes.
CREATE TABLE coverage_villages (
    region_code              TEXT PRIMARY KEY NOT NULL,
    villages                 INTEGER NOT NULL,
    poverty_villages         INTEGER NOT NULL,
    covered_villages         INTEGER NOT NULL,
    covered_poverty_villages INTEGER NOT NULL,
    qualified_informants     INTEGER NOT NULL
);
CREATE TABLE coverage_stations (
    region_code  TEXT NOT NULL,
    station_type TEXT NOT NULL,
    status       TEXT NOT NULL,
    stations     INTEGER NOT NULL,
    compliant    INTEGER NOT NULL,
    PRIMARY KEY (region_code, station_type, status)
);
-- Stations that started operating, stations closed, and villages first covered, by month.
CREATE TABLE coverage_months (
    region_code      TEXT NOT NULL,
    month            TEXT NOT NULL,
    stations_opened  INTEGER NOT NULL,
    stations_closed  INTEGER NOT NULL,
    villages_covered INTEGER NOT NULL,
    PRIMARY KEY (region_code, month)
);
