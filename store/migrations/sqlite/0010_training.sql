-- 培训体验: courses and their lessons (shipped with the server and upserted at start), and
-- which lessons each account has finished.
CREATE TABLE courses (
    code       TEXT PRIMARY KEY NOT NULL,
    category   TEXT NOT NULL,
    title      TEXT NOT NULL,
    summary    TEXT NOT NULL,
    featured   BOOLEAN NOT NULL,
    sort_order INTEGER NOT NULL
);
CREATE TABLE lessons (
    course_code TEXT NOT NULL REFERENCES courses (code),
    number      INTEGER NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    image       TEXT,
    video_url   TEXT,
    PRIMARY KEY (course_code, number)
);
CREATE TABLE lesson_progress (
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    course_code TEXT NOT NULL,
    number      INTEGER NOT NULL,
    finished_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, course_code, number),
    FOREIGN KEY (course_code, number) REFERENCES lessons (course_code, number) ON DELETE CASCADE
);
