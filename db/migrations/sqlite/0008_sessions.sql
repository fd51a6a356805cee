-- Server-side sessions (issue 13): the cookie holds only a random key; the row, found by the key's SHA-256, holds the
-- ticket. Ending a session is deleting its row, so logout, a password change, a deactivation or a beheerder ends it on
-- every web server at once. last_seen_utc is renewed at most once a minute (idle timeout), created_at_utc bounds the
-- session absolutely.
CREATE TABLE user_sessions (
    id TEXT NOT NULL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    ticket BLOB NOT NULL,
    created_at_utc TEXT NOT NULL,
    last_seen_utc TEXT NOT NULL
);
CREATE INDEX ix_user_sessions_user ON user_sessions (user_id);

-- The failed-login counter and lockout moved to the in-memory rate limiter (a failed login writes nothing), and the
-- security stamp gave way to the session rows.
ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until_utc;
ALTER TABLE users DROP COLUMN security_stamp;
