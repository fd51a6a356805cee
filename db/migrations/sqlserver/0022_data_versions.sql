-- Issue 16: the programme pages and exports (overview, regions, coverage and participant exports) are kept per process
-- until their data changes. What "changes" means is kept here, in the database, not in the code that writes: every table
-- those pages read moves its own row on every insert, update or delete, whichever code path or server wrote it. A page
-- reads the sum of the rows (DataVersion.ReadSql) and serves what it kept for that sum only. One row per table, so that
-- writers of different tables never wait for each other on one row. Applications move it only when a column the pages
-- show changes (not on every edit of a draft's text). The test reset keeps this table (TestApp: TablesToIgnore).

CREATE TABLE data_versions (
    name nvarchar(64) NOT NULL PRIMARY KEY,
    version bigint NOT NULL
);
GO

INSERT INTO data_versions (name, version) VALUES
    (N'municipalities', 0),
    (N'municipality_lists', 0),
    (N'programme_cohorts', 0),
    (N'programme_participants', 0),
    (N'programme_participant_members', 0),
    (N'programme_ambassadors', 0),
    (N'ambassador_targets', 0),
    (N'outreach_contacts', 0),
    (N'checklist_measurements', 0),
    (N'checklist_scores', 0),
    (N'rounds', 0),
    (N'ranking_ledger', 0),
    (N'applications', 0);
GO


CREATE TRIGGER data_version_municipalities ON municipalities AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE data_versions SET version = version + 1 WHERE name = N'municipalities';
END;
GO

CREATE TRIGGER data_version_municipality_lists ON municipality_lists AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE data_versions SET version = version + 1 WHERE name = N'municipality_lists';
END;
GO

CREATE TRIGGER data_version_programme_cohorts ON programme_cohorts AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE data_versions SET version = version + 1 WHERE name = N'programme_cohorts';
END;
GO

CREATE TRIGGER data_version_programme_participants ON programme_participants AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE data_versions SET version = version + 1 WHERE name = N'programme_participants';
END;
GO

CREATE TRIGGER data_version_programme_participant_members ON programme_participant_members AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE data_versions SET version = version + 1 WHERE name = N'programme_participant_members';
END;
GO

CREATE TRIGGER data_version_programme_ambassadors ON programme_ambassadors AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE data_versions SET version = version + 1 WHERE name = N'programme_ambassadors';
END;
GO

CREATE TRIGGER data_version_ambassador_targets ON ambassador_targets AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE data_versions SET version = version + 1 WHERE name = N'ambassador_targets';
END;
GO

CREATE TRIGGER data_version_outreach_contacts ON outreach_contacts AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE data_versions SET version = version + 1 WHERE name = N'outreach_contacts';
END;
GO

CREATE TRIGGER data_version_checklist_measurements ON checklist_measurements AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE data_versions SET version = version + 1 WHERE name = N'checklist_measurements';
END;
GO

CREATE TRIGGER data_version_checklist_scores ON checklist_scores AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE data_versions SET version = version + 1 WHERE name = N'checklist_scores';
END;
GO

CREATE TRIGGER data_version_rounds ON rounds AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE data_versions SET version = version + 1 WHERE name = N'rounds';
END;
GO

CREATE TRIGGER data_version_ranking_ledger ON ranking_ledger AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    UPDATE data_versions SET version = version + 1 WHERE name = N'ranking_ledger';
END;
GO

CREATE TRIGGER data_version_applications ON applications AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    -- A delete (no inserted rows) or a change of a column the pages show; IF UPDATE is true for every column of an insert.
    IF NOT EXISTS (SELECT 1 FROM inserted) OR UPDATE(state) OR UPDATE(granted_cents) OR UPDATE(kenmerk) OR UPDATE(municipality_id) OR UPDATE(round_id) OR UPDATE(received_on)
        UPDATE data_versions SET version = version + 1 WHERE name = N'applications';
END;
GO
