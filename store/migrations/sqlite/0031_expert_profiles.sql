-- An expert's title and the question topics they answer (comma-separated codes; empty:
-- every topic). A question goes first to its county's experts of its topic, then to the
-- city's.
CREATE TABLE expert_profiles (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id),
    title       TEXT NOT NULL,
    specialties TEXT NOT NULL
);
CREATE INDEX questions_answered_by ON questions (expert_id, answered_at);
