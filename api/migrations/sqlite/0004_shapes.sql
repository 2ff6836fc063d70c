-- Region boundaries for the coverage map: one simplified GeoJSON geometry per region,
-- loaded by `yinong-api import-geo` (the demo regions' shapes ship with the server).
CREATE TABLE region_shapes (
    code     TEXT PRIMARY KEY NOT NULL REFERENCES regions (code),
    geometry TEXT NOT NULL
);
