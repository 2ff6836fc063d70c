-- The nation's and each province's service totals are kept in several rows (shards) per
-- month and kind, each service write adding to the shard of its village, and summed when
-- read: with one row, every service write in the country queued behind the nation's row.
-- Rows below provinces keep shard 0 (a city's writes are its own).
ALTER TABLE coverage_services ADD COLUMN shard SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE coverage_services DROP CONSTRAINT coverage_services_pkey;
ALTER TABLE coverage_services ADD PRIMARY KEY (region_code, month, kind, shard);
