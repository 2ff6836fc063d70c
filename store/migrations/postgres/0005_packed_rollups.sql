-- Each region's roll-up row also carries its station counts and monthly changes packed into
-- text (`type:status:stations:compliant,…` and `month:opened:closed:covered,…`), so that a
-- drill-down reads one row per child region: the nation's answer read ~2,500 rows before.
-- The roll-up refresh keeps them current; these statements fill them once.
ALTER TABLE coverage_villages ADD COLUMN station_counts TEXT NOT NULL DEFAULT '';
ALTER TABLE coverage_villages ADD COLUMN month_changes TEXT NOT NULL DEFAULT '';
UPDATE coverage_villages SET station_counts = COALESCE((SELECT string_agg(cs.station_type
    || ':' || cs.status || ':' || CAST(cs.stations AS TEXT) || ':'
    || CAST(cs.compliant AS TEXT), ',') FROM coverage_stations cs
    WHERE cs.region_code = coverage_villages.region_code), '');
UPDATE coverage_villages SET month_changes = COALESCE((SELECT string_agg(cm.month || ':'
    || CAST(cm.stations_opened AS TEXT) || ':' || CAST(cm.stations_closed AS TEXT) || ':'
    || CAST(cm.villages_covered AS TEXT), ',') FROM coverage_months cm
    WHERE cm.region_code = coverage_villages.region_code), '');

-- The nation's services of the last twelve months: its provinces' rows of those months.
CREATE INDEX coverage_services_months ON coverage_services (length(region_code), month);
