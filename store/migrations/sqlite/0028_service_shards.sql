-- The nation's and each province's service totals are kept in several rows (shards) per
-- month and kind, each service write adding to the shard of its village, and summed when
-- read: with one row, every service write in the country queued behind the nation's row
-- (on PostgreSQL; SQLite has one writer anyway, and keeps the same schema).
-- Rows below provinces keep shard 0 (a city's writes are its own).
CREATE TABLE coverage_services_sharded (
    region_code TEXT NOT NULL,
    month       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    shard       INTEGER NOT NULL DEFAULT 0,
    records     INTEGER NOT NULL,
    PRIMARY KEY (region_code, month, kind, shard)
);
INSERT INTO coverage_services_sharded (region_code, month, kind, shard, records)
SELECT region_code, month, kind, 0, records FROM coverage_services;
DROP TABLE coverage_services;
ALTER TABLE coverage_services_sharded RENAME TO coverage_services;
CREATE INDEX coverage_services_level ON coverage_services (length(region_code), region_code);
