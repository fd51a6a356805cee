-- The ASP.NET Core data-protection key ring (issue 17): the keys that protect sign-in cookies and form tokens live in
-- the database, so every web server reads every other server's cookies without a shared folder. One row per key, as
-- the framework writes it (an XML element named key-{guid}); rows are only added, the framework retires keys itself.
CREATE TABLE data_protection_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    friendly_name TEXT NOT NULL,
    xml TEXT NOT NULL
);
CREATE UNIQUE INDEX ux_data_protection_keys_name ON data_protection_keys (friendly_name);
