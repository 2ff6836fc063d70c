-- Region boundaries for the coverage map: one simplified GeoJSON geometry per region,
-- loaded by `yinong-api import-geo` (the demo regions' shapes ship with the server).
CREATE TABLE region_shapes (
    code     TEXT COLLATE "C" PRIMARY KEY REFERENCES regions (code),
    geometry TEXT NOT NULL
);

-- Activity roll-ups for the dashboard's charts, kept like the coverage roll-ups (provinces
-- to townships): informants by status, and service records by month and kind.
CREATE TABLE coverage_informants (
    region_code TEXT COLLATE "C" NOT NULL,
    status      TEXT NOT NULL,
    informants  BIGINT NOT NULL,
    PRIMARY KEY (region_code, status)
);
CREATE TABLE coverage_services (
    region_code TEXT COLLATE "C" NOT NULL,
    month       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    records     BIGINT NOT NULL,
    PRIMARY KEY (region_code, month, kind)
);

-- A drill-down reads one level of a roll-up inside a code range: these indexes find that
-- level without scanning the others (the nation's answer reads only the provinces' rows).
CREATE INDEX coverage_villages_level ON coverage_villages (length(region_code), region_code);
CREATE INDEX coverage_stations_level ON coverage_stations (length(region_code), region_code);
CREATE INDEX coverage_months_level ON coverage_months (length(region_code), region_code);
CREATE INDEX coverage_informants_level ON coverage_informants (length(region_code), region_code);
CREATE INDEX coverage_services_level ON coverage_services (length(region_code), region_code);
