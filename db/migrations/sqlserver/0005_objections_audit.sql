-- Objections and the audit log (issue 5). Keep in step with sqlite/0005_objections_audit.sql.

-- Bezwaar (Awb 6:7/6:8, 6:9, 6:11, 7:10): registered by the office on a sent decision. objection_due_on is the
-- decision's last day for bezwaar; is_late is computed from it when registered; excusable (6:11) is the
-- reviewer's judgement of a late one, with its reason. handling_due_on follows 7:10(1), extended once (7:10(3)).
CREATE TABLE objections (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    application_id int NOT NULL REFERENCES applications (id),
    decision_id int NOT NULL REFERENCES decisions (id),
    received_on date NOT NULL,
    posted_on date NULL,
    filed_by nvarchar(200) NOT NULL,
    summary nvarchar(4000) NOT NULL,
    objection_due_on date NOT NULL,
    is_late bit NOT NULL,
    excusable bit NULL,
    excusable_reason nvarchar(4000) NULL,
    handling_due_on date NOT NULL,
    extension_reason nvarchar(4000) NULL,
    extended_at_utc datetime2(6) NULL,
    extended_by_user_id int NULL REFERENCES users (id),
    outcome nvarchar(30) NULL,
    outcome_reason nvarchar(4000) NULL,
    decided_on date NULL,
    decided_by_user_id int NULL REFERENCES users (id),
    registered_by_user_id int NOT NULL REFERENCES users (id),
    registered_at_utc datetime2(6) NOT NULL,
    CHECK (outcome IS NULL OR outcome IN ('Gegrond', 'Ongegrond', 'NietOntvankelijk', 'Ingetrokken'))
);
CREATE INDEX ix_objections_application ON objections (application_id);
CREATE INDEX ix_objections_open_due ON objections (outcome, handling_due_on);

-- Audit log (domain.md §5): the actor's role as it was, the value before and after a change, and the round a
-- setting belongs to (rows of an application take the round from the application).
ALTER TABLE audit_log ADD actor_role nvarchar(40) NULL, before_value nvarchar(4000) NULL, after_value nvarchar(4000) NULL,
    round_id int NULL REFERENCES rounds (id);
GO
CREATE INDEX ix_audit_log_round ON audit_log (round_id);
GO

-- Append-only: no row is ever changed.
CREATE TRIGGER audit_log_append_only ON audit_log AFTER UPDATE
AS
BEGIN
    THROW 51000, 'audit_log is append-only', 1;
END;
GO

-- The application's database user joins this role (README, "Audit log"): it may add rows, never change or delete
-- them. The owner that runs the migrations and the test reset (Respawn) is not in it.
CREATE ROLE grantadmin_audit_append_only;
GO
DENY UPDATE, DELETE ON audit_log TO grantadmin_audit_append_only;
GO
