-- 进度报送: a county's monthly progress report as sent (`lines`: JSON, its townships and
-- its total, generated from the data), reviewed by its city as every submission is
-- (status, review_note, decided_by, decided_at).
CREATE TABLE progress_reports (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region_code TEXT COLLATE "C" NOT NULL REFERENCES regions (code),
    month       TEXT NOT NULL,
    lines       TEXT NOT NULL,
    note        TEXT NOT NULL,
    status      TEXT NOT NULL,
    sent_by     BIGINT NOT NULL REFERENCES users (id),
    sent_at     TIMESTAMPTZ NOT NULL,
    decided_by  BIGINT REFERENCES users (id),
    decided_at  TIMESTAMPTZ,
    review_note TEXT
);
CREATE INDEX progress_reports_region ON progress_reports (status, region_code, sent_at);
CREATE INDEX progress_reports_month ON progress_reports (month, region_code);
CREATE INDEX progress_reports_sender ON progress_reports (sent_by);
