-- 12316 专家问答: a farmer's question from their village, answered by an expert whose
-- region holds it (one answer, kept on the row), then rated by the farmer.
CREATE TABLE questions (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions (code),
    crop        TEXT NOT NULL,
    topic       TEXT NOT NULL,
    text        TEXT NOT NULL,
    -- Photo hashes in order, comma-separated (at most three).
    photos      TEXT NOT NULL,
    asker_id    INTEGER NOT NULL REFERENCES users (id),
    asked_at    TIMESTAMP NOT NULL,
    answer      TEXT,
    expert_id   INTEGER REFERENCES users (id),
    answered_at TIMESTAMP,
    rating      INTEGER
);
-- Open questions inside an expert's region; the knowledge base; an asker's own.
CREATE INDEX questions_region ON questions (region_code, answered_at);
CREATE INDEX questions_asker ON questions (asker_id);
