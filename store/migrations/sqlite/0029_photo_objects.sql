-- A photo's bytes are in its row (the embedded default) or, with bytes NULL, in the object
-- storage bucket; its size is kept for the upload quotas wherever the bytes are. SQLite
-- cannot drop a NOT NULL: the table is made again.
CREATE TABLE photos_kept (
    hash         TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    bytes        BLOB,
    size         INTEGER NOT NULL,
    uploader_id  INTEGER NOT NULL REFERENCES users (id),
    uploaded_at  TIMESTAMP NOT NULL,
    claimed      BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO photos_kept (hash, content_type, bytes, size, uploader_id, uploaded_at, claimed)
    SELECT hash, content_type, bytes, LENGTH(bytes), uploader_id, uploaded_at, claimed FROM photos;
DROP TABLE photos;
ALTER TABLE photos_kept RENAME TO photos;
CREATE INDEX photos_uploader ON photos (uploader_id, uploaded_at);
CREATE INDEX photos_unclaimed ON photos (uploaded_at) WHERE NOT claimed;
