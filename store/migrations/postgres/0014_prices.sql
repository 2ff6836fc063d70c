-- 市场价格: what an informant saw a product sell for at a market on a day, published on
-- the market page once the township (or above) approved it. Prices are kept in fen.
CREATE TABLE price_reports (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region_code TEXT COLLATE "C" NOT NULL REFERENCES regions (code),
    product     TEXT NOT NULL,
    grade       TEXT NOT NULL,
    unit        TEXT NOT NULL,
    price_fen   BIGINT NOT NULL,
    market      TEXT NOT NULL,
    observed_on DATE NOT NULL,
    status      TEXT NOT NULL,
    reporter_id BIGINT NOT NULL REFERENCES users (id),
    reported_at TIMESTAMPTZ NOT NULL,
    decided_by  BIGINT REFERENCES users (id),
    decided_at  TIMESTAMPTZ,
    review_note TEXT
);
-- The market page reads a region's approved reports since a day; reviewers a status.
CREATE INDEX price_reports_region ON price_reports (status, region_code, observed_on);
CREATE INDEX price_reports_reporter ON price_reports (reporter_id);
