-- Photos farmers attach (downscaled on the phone), named by the SHA-256 of their bytes so
-- a photo sent twice is kept once.
CREATE TABLE photos (
    hash         TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    bytes        BYTEA NOT NULL,
    uploader_id  BIGINT NOT NULL REFERENCES users (id),
    uploaded_at  TIMESTAMPTZ NOT NULL
);

-- 产品供求: what farmers sell or want to buy, shown once a reviewer approved it, until
-- expires_on (counted again from the day of approval).
CREATE TABLE listings (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         TEXT NOT NULL,
    status       TEXT NOT NULL,
    region_code  TEXT COLLATE "C" NOT NULL REFERENCES regions (code),
    product      TEXT NOT NULL,
    quantity     TEXT NOT NULL,
    unit         TEXT NOT NULL,
    price        TEXT NOT NULL,
    description  TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    -- Photo hashes in order, comma-separated (at most three).
    photos       TEXT NOT NULL,
    days         INTEGER NOT NULL,
    expires_on   DATE NOT NULL,
    poster_id    BIGINT NOT NULL REFERENCES users (id),
    posted_at    TIMESTAMPTZ NOT NULL,
    -- Who last changed its status (a reviewer, or the poster taking it down), and when.
    decided_by   BIGINT REFERENCES users (id),
    decided_at   TIMESTAMPTZ,
    review_note  TEXT,
    -- Reports since the last approval; REPORTS_TO_HIDE of them send it back to review.
    open_reports INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX listings_board ON listings (status, region_code);
CREATE INDEX listings_poster ON listings (poster_id, status);

-- One report per account and post.
CREATE TABLE listing_reports (
    listing_id  BIGINT NOT NULL REFERENCES listings (id),
    reporter_id BIGINT NOT NULL REFERENCES users (id),
    reason      TEXT NOT NULL,
    reported_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (listing_id, reporter_id)
);
