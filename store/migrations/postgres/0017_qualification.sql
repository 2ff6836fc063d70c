-- 上岗资格: informants complete the required courses and pass an exam before what they
-- submit is published.
ALTER TABLE courses ADD COLUMN required_for_informants BOOLEAN NOT NULL DEFAULT FALSE;

-- The question bank (shipped, upserted at start). A question taken out of the shipped file
-- stays for the papers that asked it, out of the bank.
CREATE TABLE exam_questions (
    code       TEXT PRIMARY KEY NOT NULL,
    topic      TEXT NOT NULL,
    text       TEXT NOT NULL,
    -- The options as a JSON array of strings.
    options    TEXT NOT NULL,
    answer     INTEGER NOT NULL,
    sort_order INTEGER NOT NULL,
    in_bank    BOOLEAN NOT NULL
);

-- Every paper drawn: its questions, the pass mark it was drawn under, and once answered
-- the answers and the score.
CREATE TABLE exam_papers (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    -- Question codes in the paper's order, comma-separated.
    questions    TEXT NOT NULL,
    pass_mark    INTEGER NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    due_at       TIMESTAMPTZ NOT NULL,
    submitted_at TIMESTAMPTZ,
    -- The chosen option per question, comma-separated, empty where none was.
    answers      TEXT,
    score        INTEGER,
    passed       BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX exam_papers_user ON exam_papers (user_id, started_at);

-- An informant's standing; no row is 培训中 (every informant starts there).
CREATE TABLE qualifications (
    user_id    BIGINT PRIMARY KEY NOT NULL REFERENCES users (id),
    status     TEXT NOT NULL,
    reason     TEXT,
    changed_by BIGINT REFERENCES users (id),
    changed_at TIMESTAMPTZ NOT NULL
);

-- The pass mark a county set; counties without a row use the default.
CREATE TABLE pass_marks (
    county_code TEXT COLLATE "C" PRIMARY KEY NOT NULL REFERENCES regions (code),
    pass_mark   INTEGER NOT NULL,
    set_by      BIGINT NOT NULL REFERENCES users (id),
    set_at      TIMESTAMPTZ NOT NULL
);
