-- Objections and the audit log (issue 5). Keep in step with sqlserver/0005_objections_audit.sql.

-- Bezwaar (Awb 6:7/6:8, 6:9, 6:11, 7:10): registered by the office on a sent decision. objection_due_on is the
-- decision's last day for bezwaar; is_late is computed from it when registered; excusable (6:11) is the
-- reviewer's judgement of a late one, with its reason. handling_due_on follows 7:10(1), extended once (7:10(3)).
CREATE TABLE objections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    received_on TEXT NOT NULL,
    posted_on TEXT NULL,
    filed_by TEXT NOT NULL,
    summary TEXT NOT NULL,
    objection_due_on TEXT NOT NULL,
    is_late INTEGER NOT NULL,
    excusable INTEGER NULL,
    excusable_reason TEXT NULL,
    handling_due_on TEXT NOT NULL,
    extension_reason TEXT NULL,
    extended_at_utc TEXT NULL,
    extended_by_user_id INTEGER NULL REFERENCES users (id),
    outcome TEXT NULL,
    outcome_reason TEXT NULL,
    decided_on TEXT NULL,
    decided_by_user_id INTEGER NULL REFERENCES users (id),
    registered_by_user_id INTEGER NOT NULL REFERENCES users (id),
    registered_at_utc TEXT NOT NULL,
    CHECK (outcome IS NULL OR outcome IN ('Gegrond', 'Ongegrond', 'NietOntvankelijk', 'Ingetrokken'))
);
CREATE INDEX ix_objections_application ON objections (application_id);
CREATE INDEX ix_objections_open_due ON objections (outcome, handling_due_on);

-- Audit log (domain.md §5): the actor's role as it was, the value before and after a change, and the round a
-- setting belongs to (rows of an application take the round from the application).
ALTER TABLE audit_log ADD COLUMN actor_role TEXT NULL;
ALTER TABLE audit_log ADD COLUMN before_value TEXT NULL;
ALTER TABLE audit_log ADD COLUMN after_value TEXT NULL;
ALTER TABLE audit_log ADD COLUMN round_id INTEGER NULL REFERENCES rounds (id);
CREATE INDEX ix_audit_log_round ON audit_log (round_id);

-- Append-only: no row is ever changed. (DELETE stays possible for the test reset; no statement of the app deletes
-- from audit_log, which a test checks over every SQL constant.)
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
