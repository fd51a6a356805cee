-- The reviewers' queue filtered on a province read every entry of the round (or of its state) and looked up each one's
-- gemeente to keep the province's: ~1,350 entries for a page of Zeeland + Ingediend of 96,580 applications (issue 16,
-- docs/performance.md). The application now carries its gemeente's province, so that every filter of the queue is one
-- range of an index in queue order. The database keeps it in step, whatever code writes: on insert, on another gemeente,
-- and when a gemeente moves to another province (a reference data load); a province written by hand is put back.
ALTER TABLE applications ADD province nvarchar(50) NULL;
GO

UPDATE a SET province = m.province FROM applications a JOIN municipalities m ON m.id = a.municipality_id;
GO

-- Province only (received applications: drafts are left out by state, Queue.NotDraft, as the query says it) and
-- province + state (whole, as the state index).
CREATE INDEX ix_applications_queue_province ON applications (round_id, province, queue_order) WHERE state <> 'Concept';
CREATE INDEX ix_applications_queue_province_state ON applications (round_id, province, state, queue_order);
GO

-- Each trigger updates only when a row is wrong, and says so before it updates: an UPDATE, even of no rows, fires the
-- triggers on applications again when nested triggers are on (the server's default), and data_version_applications takes
-- one without rows for a delete. Its own correction fires application_province once more (with RECURSIVE_TRIGGERS on),
-- which then finds every row right and returns. An AFTER trigger runs once per statement, so each joins all its rows. The
-- comparisons are binary, so a change of letter case is followed too.
CREATE TRIGGER application_province ON applications AFTER INSERT, UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT (UPDATE(municipality_id) OR UPDATE(province)) RETURN;
    IF NOT EXISTS (SELECT 1 FROM inserted i JOIN municipalities m ON m.id = i.municipality_id
                   WHERE i.province IS NULL OR i.province <> m.province COLLATE Latin1_General_BIN2) RETURN;
    UPDATE a SET province = m.province
    FROM applications a
    JOIN inserted i ON i.id = a.id
    JOIN municipalities m ON m.id = i.municipality_id
    WHERE i.province IS NULL OR i.province <> m.province COLLATE Latin1_General_BIN2;
END;
GO

-- A gemeente moved to another province takes its applications along (a reference data load writes every gemeente's
-- province, mostly unchanged: then nothing is updated).
CREATE TRIGGER municipality_province ON municipalities AFTER UPDATE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT UPDATE(province) RETURN;
    IF NOT EXISTS (SELECT 1 FROM inserted i JOIN deleted d ON d.id = i.id WHERE i.province <> d.province COLLATE Latin1_General_BIN2) RETURN;
    UPDATE a SET province = i.province
    FROM applications a
    JOIN inserted i ON i.id = a.municipality_id
    JOIN deleted d ON d.id = i.id
    WHERE i.province <> d.province COLLATE Latin1_General_BIN2;
END;
GO
