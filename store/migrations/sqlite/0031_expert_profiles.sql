-- 12316 expert teams: an expert's title and specialties (question topics, comma-separated
-- codes); a question reaches the county's experts of its topic first.
CREATE TABLE expert_profiles (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id),
    title       TEXT NOT NULL,
    specialties TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
-- The county's answer times: its questions answered since a day, by expert.
CREATE INDEX questions_asked ON questions (region_code, asked_at);
