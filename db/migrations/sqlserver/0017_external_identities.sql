-- Login through OpenID Connect (issue 17 §1): a beheerder links an identity at a provider (eHerkenning through a broker,
-- or the ministry's own) to a user row; that user's role and gemeente are what the login gets. organisation is the OIN or
-- KvK number the broker must name for this identity (NULL: the provider names no organisation, as the ministry's own).
CREATE TABLE external_identities (
    id int IDENTITY(1,1) NOT NULL PRIMARY KEY,
    scheme nvarchar(50) NOT NULL,
    subject nvarchar(255) NOT NULL,
    organisation nvarchar(50) NULL,
    user_id int NOT NULL REFERENCES users (id),
    created_at_utc datetime2(6) NOT NULL,
    CONSTRAINT uq_external_identities UNIQUE (scheme, subject)
);
CREATE INDEX ix_external_identities_user ON external_identities (user_id);
GO
