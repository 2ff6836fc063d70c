-- 代发招工: work the village's informant posts for someone without a smartphone carries
-- their mobile number, called instead of the poster's (NULL: the poster's own post).
ALTER TABLE job_posts ADD COLUMN contact_phone TEXT;
CREATE INDEX job_posts_contact_phone ON job_posts (contact_phone);
