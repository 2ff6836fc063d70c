-- A photo's bytes are in its row (the embedded default) or, with bytes NULL, in the object
-- storage bucket; its size is kept for the upload quotas wherever the bytes are.
ALTER TABLE photos ADD COLUMN size BIGINT;
UPDATE photos SET size = LENGTH(bytes);
ALTER TABLE photos ALTER COLUMN size SET NOT NULL;
ALTER TABLE photos ALTER COLUMN bytes DROP NOT NULL;
