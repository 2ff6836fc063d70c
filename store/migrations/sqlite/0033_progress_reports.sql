-- 进度报送: a county's monthly progress report as sent (`lines`: JSON, its townships and
-- its total, generated from the data), reviewed by its city as every submission is
-- (status, review_note, decided_by, decided_at).
CREATE TABLE progress_reports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL REFERENCES regions (code),
    month       TEXT NOT NULL,
    lines       TEXT NOT NULL,
    note        TEXT NOT NULL,
    status      TEXT NOT NULL,
    sent_by     INTEGER NOT NULL REFERENCES users (id),
    sent_at     TIMESTAMP NOT NULL,
    decided_by  INTEGER REFERENCES users (id),
    decided_at  TIMESTAMP,
    review_note TEXT
);
CREATE INDEX progress_reports_region ON progress_reports (status, region_code, sent_at);
CREATE INDEX progress_reports_month ON progress_reports (month, region_code);
CREATE INDEX progress_reports_sender ON progress_reports (sent_by);
