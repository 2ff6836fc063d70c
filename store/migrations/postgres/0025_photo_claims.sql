-- A photo is claimed when a record naming it is checked in; one never claimed is removed
-- after a grace period. Photos that records name already are claimed now.
ALTER TABLE photos ADD COLUMN claimed BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE photos SET claimed = TRUE WHERE
    EXISTS (SELECT 1 FROM listings r WHERE strpos(',' || r.photos || ',', ',' || photos.hash || ',') > 0)
    OR EXISTS (SELECT 1 FROM questions r WHERE strpos(',' || r.photos || ',', ',' || photos.hash || ',') > 0)
    OR EXISTS (SELECT 1 FROM village_news r WHERE strpos(',' || r.photos || ',', ',' || photos.hash || ',') > 0)
    OR EXISTS (SELECT 1 FROM price_reports r WHERE strpos(',' || r.photos || ',', ',' || photos.hash || ',') > 0)
    OR EXISTS (SELECT 1 FROM incident_reports r WHERE strpos(',' || r.photos || ',', ',' || photos.hash || ',') > 0);
CREATE INDEX photos_unclaimed ON photos (uploaded_at) WHERE NOT claimed;
