-- Login through OpenID Connect (issue 17 §1): a beheerder links an identity at a provider (eHerkenning through a broker,
-- or the ministry's own) to a user row; that user's role and gemeente are what the login gets. organisation is the OIN or
-- KvK number the broker must name for this identity (NULL: the provider names no organisation, as the ministry's own).
CREATE TABLE external_identities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    scheme TEXT NOT NULL,
    subject TEXT NOT NULL,
    organisation TEXT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at_utc TEXT NOT NULL,
    UNIQUE (scheme, subject)
);
CREATE INDEX ix_external_identities_user ON external_identities (user_id);
