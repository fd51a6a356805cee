-- The reviewers' queue filtered on a province read every entry of the round (or of its state) and looked up each one's
-- gemeente to keep the province's: ~1,350 entries for a page of Zeeland + Ingediend of 96,580 applications (issue 16,
-- docs/performance.md). The application now carries its gemeente's province, so that every filter of the queue is one
-- range of an index in queue order. The database keeps it in step, whatever code writes: on insert, on another gemeente,
-- and when a gemeente moves to another province (a reference data load); a province written by hand is put back. The
-- WHEN clauses make each trigger a no-op when the province is already right, so none of them ever runs twice.
ALTER TABLE applications ADD COLUMN province TEXT NULL;

UPDATE applications SET province = (SELECT m.province FROM municipalities m WHERE m.id = applications.municipality_id);

-- Province only (received applications: drafts are left out by state, Queue.NotDraft; said by kenmerk, SQLite 3.53 rated
-- ix_applications_queue alike and took it when it was created later) and province + state (whole, as the state index).
CREATE INDEX ix_applications_queue_province ON applications (round_id, province, queue_order) WHERE state <> 'Concept';
CREATE INDEX ix_applications_queue_province_state ON applications (round_id, province, state, queue_order);

CREATE TRIGGER application_province_insert AFTER INSERT ON applications
WHEN NEW.province IS NOT (SELECT m.province FROM municipalities m WHERE m.id = NEW.municipality_id)
BEGIN
    UPDATE applications SET province = (SELECT m.province FROM municipalities m WHERE m.id = NEW.municipality_id) WHERE id = NEW.id;
END;
CREATE TRIGGER application_province_update AFTER UPDATE OF municipality_id, province ON applications
WHEN NEW.province IS NOT (SELECT m.province FROM municipalities m WHERE m.id = NEW.municipality_id)
BEGIN
    UPDATE applications SET province = (SELECT m.province FROM municipalities m WHERE m.id = NEW.municipality_id) WHERE id = NEW.id;
END;
CREATE TRIGGER municipality_province_update AFTER UPDATE OF province ON municipalities
WHEN NEW.province IS NOT OLD.province
BEGIN
    UPDATE applications SET province = NEW.province WHERE municipality_id = NEW.id;
END;
