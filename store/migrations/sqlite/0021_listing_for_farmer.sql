-- 代发供求: a post the village's informant makes for a farmer carries the farmer's mobile
-- number, called instead of the poster's (NULL: the poster's own post).
ALTER TABLE listings ADD COLUMN contact_phone TEXT;
CREATE INDEX listings_contact_phone ON listings (contact_phone);
