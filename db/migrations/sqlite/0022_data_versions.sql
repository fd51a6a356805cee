-- Issue 16: the programme pages and exports (overview, regions, coverage and participant exports) are kept per process
-- until their data changes. What "changes" means is kept here, in the database, not in the code that writes: every table
-- those pages read moves its own row on every insert, update or delete, whichever code path or server wrote it. A page
-- reads the sum of the rows (DataVersion.ReadSql) and serves what it kept for that sum only. One row per table, so that
-- writers of different tables never wait for each other on one row. Applications move it only when a column the pages
-- show changes (not on every edit of a draft's text). The test reset keeps this table (TestApp: TablesToIgnore).

CREATE TABLE data_versions (
    name TEXT NOT NULL PRIMARY KEY,
    version INTEGER NOT NULL
);

INSERT INTO data_versions (name, version) VALUES
    ('municipalities', 0),
    ('municipality_lists', 0),
    ('programme_cohorts', 0),
    ('programme_participants', 0),
    ('programme_participant_members', 0),
    ('programme_ambassadors', 0),
    ('ambassador_targets', 0),
    ('outreach_contacts', 0),
    ('checklist_measurements', 0),
    ('checklist_scores', 0),
    ('rounds', 0),
    ('ranking_ledger', 0),
    ('applications', 0);


CREATE TRIGGER data_version_municipalities_insert AFTER INSERT ON municipalities
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'municipalities';
END;
CREATE TRIGGER data_version_municipalities_update AFTER UPDATE ON municipalities
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'municipalities';
END;
CREATE TRIGGER data_version_municipalities_delete AFTER DELETE ON municipalities
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'municipalities';
END;

CREATE TRIGGER data_version_municipality_lists_insert AFTER INSERT ON municipality_lists
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'municipality_lists';
END;
CREATE TRIGGER data_version_municipality_lists_update AFTER UPDATE ON municipality_lists
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'municipality_lists';
END;
CREATE TRIGGER data_version_municipality_lists_delete AFTER DELETE ON municipality_lists
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'municipality_lists';
END;

CREATE TRIGGER data_version_programme_cohorts_insert AFTER INSERT ON programme_cohorts
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'programme_cohorts';
END;
CREATE TRIGGER data_version_programme_cohorts_update AFTER UPDATE ON programme_cohorts
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'programme_cohorts';
END;
CREATE TRIGGER data_version_programme_cohorts_delete AFTER DELETE ON programme_cohorts
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'programme_cohorts';
END;

CREATE TRIGGER data_version_programme_participants_insert AFTER INSERT ON programme_participants
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'programme_participants';
END;
CREATE TRIGGER data_version_programme_participants_update AFTER UPDATE ON programme_participants
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'programme_participants';
END;
CREATE TRIGGER data_version_programme_participants_delete AFTER DELETE ON programme_participants
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'programme_participants';
END;

CREATE TRIGGER data_version_programme_participant_members_insert AFTER INSERT ON programme_participant_members
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'programme_participant_members';
END;
CREATE TRIGGER data_version_programme_participant_members_update AFTER UPDATE ON programme_participant_members
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'programme_participant_members';
END;
CREATE TRIGGER data_version_programme_participant_members_delete AFTER DELETE ON programme_participant_members
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'programme_participant_members';
END;

CREATE TRIGGER data_version_programme_ambassadors_insert AFTER INSERT ON programme_ambassadors
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'programme_ambassadors';
END;
CREATE TRIGGER data_version_programme_ambassadors_update AFTER UPDATE ON programme_ambassadors
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'programme_ambassadors';
END;
CREATE TRIGGER data_version_programme_ambassadors_delete AFTER DELETE ON programme_ambassadors
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'programme_ambassadors';
END;

CREATE TRIGGER data_version_ambassador_targets_insert AFTER INSERT ON ambassador_targets
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'ambassador_targets';
END;
CREATE TRIGGER data_version_ambassador_targets_update AFTER UPDATE ON ambassador_targets
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'ambassador_targets';
END;
CREATE TRIGGER data_version_ambassador_targets_delete AFTER DELETE ON ambassador_targets
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'ambassador_targets';
END;

CREATE TRIGGER data_version_outreach_contacts_insert AFTER INSERT ON outreach_contacts
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'outreach_contacts';
END;
CREATE TRIGGER data_version_outreach_contacts_update AFTER UPDATE ON outreach_contacts
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'outreach_contacts';
END;
CREATE TRIGGER data_version_outreach_contacts_delete AFTER DELETE ON outreach_contacts
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'outreach_contacts';
END;

CREATE TRIGGER data_version_checklist_measurements_insert AFTER INSERT ON checklist_measurements
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'checklist_measurements';
END;
CREATE TRIGGER data_version_checklist_measurements_update AFTER UPDATE ON checklist_measurements
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'checklist_measurements';
END;
CREATE TRIGGER data_version_checklist_measurements_delete AFTER DELETE ON checklist_measurements
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'checklist_measurements';
END;

CREATE TRIGGER data_version_checklist_scores_insert AFTER INSERT ON checklist_scores
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'checklist_scores';
END;
CREATE TRIGGER data_version_checklist_scores_update AFTER UPDATE ON checklist_scores
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'checklist_scores';
END;
CREATE TRIGGER data_version_checklist_scores_delete AFTER DELETE ON checklist_scores
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'checklist_scores';
END;

CREATE TRIGGER data_version_rounds_insert AFTER INSERT ON rounds
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'rounds';
END;
CREATE TRIGGER data_version_rounds_update AFTER UPDATE ON rounds
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'rounds';
END;
CREATE TRIGGER data_version_rounds_delete AFTER DELETE ON rounds
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'rounds';
END;

CREATE TRIGGER data_version_ranking_ledger_insert AFTER INSERT ON ranking_ledger
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'ranking_ledger';
END;
CREATE TRIGGER data_version_ranking_ledger_update AFTER UPDATE ON ranking_ledger
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'ranking_ledger';
END;
CREATE TRIGGER data_version_ranking_ledger_delete AFTER DELETE ON ranking_ledger
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'ranking_ledger';
END;

CREATE TRIGGER data_version_applications_insert AFTER INSERT ON applications
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'applications';
END;
CREATE TRIGGER data_version_applications_update AFTER UPDATE OF state, granted_cents, kenmerk, municipality_id, round_id, received_on ON applications
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'applications';
END;
CREATE TRIGGER data_version_applications_delete AFTER DELETE ON applications
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = 'applications';
END;
