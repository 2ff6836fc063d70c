-- Upload quotas count an account's photo bytes, per day and in all.
CREATE INDEX photos_uploader ON photos (uploader_id, uploaded_at);
