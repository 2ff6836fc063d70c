-- 村网页 news: written by a village's informant, published on the village page once the
-- township (or above) approved it.
CREATE TABLE village_news (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions (code),
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    -- Photo hashes in order, comma-separated (at most three).
    photos      TEXT NOT NULL,
    status      TEXT NOT NULL,
    author_id   INTEGER NOT NULL REFERENCES users (id),
    written_at  TIMESTAMP NOT NULL,
    decided_by  INTEGER REFERENCES users (id),
    decided_at  TIMESTAMP,
    review_note TEXT
);
CREATE INDEX village_news_region ON village_news (status, region_code, written_at);
CREATE INDEX village_news_author ON village_news (author_id);
