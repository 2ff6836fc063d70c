-- When an account last used the app (kept with its session's touches), so the farmers who
-- use the app can be counted against the programme's app-user targets.
ALTER TABLE users ADD COLUMN last_seen_at TIMESTAMPTZ;
UPDATE users SET last_seen_at = (SELECT MAX(s.last_seen_at) FROM sessions s WHERE s.user_id = users.id);
