-- Server-side sessions (issue 13): the cookie holds only a random key; the row, found by the key's SHA-256, holds the
-- ticket. Ending a session is deleting its row, so logout, a password change, a deactivation or a beheerder ends it on
-- every web server at once. last_seen_utc is renewed at most once a minute (idle timeout), created_at_utc bounds the
-- session absolutely.
CREATE TABLE user_sessions (
    id char(64) NOT NULL PRIMARY KEY,
    user_id int NOT NULL REFERENCES users (id),
    ticket varbinary(max) NOT NULL,
    created_at_utc datetime2(6) NOT NULL,
    last_seen_utc datetime2(6) NOT NULL
);
CREATE INDEX ix_user_sessions_user ON user_sessions (user_id);
GO

-- The failed-login counter and lockout moved to the in-memory rate limiter (a failed login writes nothing), and the
-- security stamp gave way to the session rows. failed_logins has an unnamed default constraint: drop it by its name.
DECLARE @dropDefault nvarchar(300) = (
    SELECT 'ALTER TABLE users DROP CONSTRAINT ' + QUOTENAME(dc.name) FROM sys.default_constraints dc
    JOIN sys.columns c ON c.object_id = dc.parent_object_id AND c.column_id = dc.parent_column_id
    WHERE dc.parent_object_id = OBJECT_ID('users') AND c.name = 'failed_logins');
IF @dropDefault IS NOT NULL EXEC sp_executesql @dropDefault;
GO
ALTER TABLE users DROP COLUMN failed_logins, locked_until_utc, security_stamp;
GO
