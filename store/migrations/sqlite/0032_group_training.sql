-- 集中培训: sessions a county or township holds, and who signed up (themselves, or a
-- villager by the informant: `signed_up_by`), attended and passed the ability check.
CREATE TABLE training_sessions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code  TEXT NOT NULL REFERENCES regions (code),
    topic        TEXT NOT NULL,
    category     TEXT NOT NULL,
    place        TEXT NOT NULL,
    starts_at    TIMESTAMP NOT NULL,
    trainer      TEXT NOT NULL,
    seats        INTEGER NOT NULL,
    organiser_id INTEGER NOT NULL REFERENCES users (id),
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX training_sessions_region ON training_sessions (region_code, starts_at);

-- One row a person a session; `user_id` when they have an account (a villager signed up
-- by an informant may have none), `role` is 'informant' or 'farmer'.
CREATE TABLE training_attendees (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id   INTEGER NOT NULL REFERENCES training_sessions (id),
    user_id      INTEGER REFERENCES users (id),
    name         TEXT NOT NULL,
    phone        TEXT NOT NULL,
    village_code TEXT NOT NULL REFERENCES regions (code),
    role         TEXT NOT NULL,
    signed_up_by INTEGER NOT NULL REFERENCES users (id),
    signed_up_at TIMESTAMP NOT NULL,
    attended_at  TIMESTAMP,
    check_score  INTEGER,
    UNIQUE (session_id, phone)
);
