-- 苗情和生产: a field report may tell how a crop stands — its growth stage and condition
-- grade, the share of its area sown or harvested (per cent) and the expected yield (斤 per
-- 亩); only crop-condition reports fill these.
ALTER TABLE incident_reports ADD COLUMN stage TEXT;
ALTER TABLE incident_reports ADD COLUMN grade TEXT;
ALTER TABLE incident_reports ADD COLUMN progress_percent INTEGER;
ALTER TABLE incident_reports ADD COLUMN yield_jin_per_mu INTEGER;
