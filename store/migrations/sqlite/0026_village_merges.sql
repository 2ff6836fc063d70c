-- Villages merged away (撤并): the village that absorbed each and when. A merged village is
-- kept (its history names it) but no longer counted, listed or offered for choosing.
ALTER TABLE regions ADD COLUMN merged_into TEXT REFERENCES regions (code);
ALTER TABLE regions ADD COLUMN merged_on DATE;
