-- 招聘用工: work offered and people free to work, in a township or village, shown until
-- the work's last day (or until the poster takes the post down).
CREATE TABLE job_posts (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         TEXT NOT NULL,
    region_code  TEXT COLLATE "C" NOT NULL REFERENCES regions (code),
    title        TEXT NOT NULL,
    description  TEXT NOT NULL,
    starts_on    DATE NOT NULL,
    ends_on      DATE NOT NULL,
    pay          TEXT NOT NULL,
    headcount    INTEGER,
    contact_name TEXT NOT NULL,
    poster_id    BIGINT NOT NULL REFERENCES users (id),
    posted_at    TIMESTAMPTZ NOT NULL,
    withdrawn_at TIMESTAMPTZ
);
-- The board inside a region is a range of codes; a poster's own posts by poster.
CREATE INDEX job_posts_region ON job_posts (region_code, ends_on);
CREATE INDEX job_posts_poster ON job_posts (poster_id, ends_on);
