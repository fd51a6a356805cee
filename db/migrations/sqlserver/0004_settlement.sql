-- Settlement through SiSa (domain.md §7, issue 5 §4). Keep in step with sqlite/0004_settlement.sql.
-- The application's state is not widened: Verleend → Vastgesteld already exists in 0001 (states carry no CHECK);
-- the preparation and four-eyes review of a vaststelling live in their own table.

-- The spending a gemeente reported in SiSa, per year; one row per application and year, correctable until the
-- vaststelling is approved (every change is in audit_log).
CREATE TABLE spending_reports (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    application_id int NOT NULL REFERENCES applications (id),
    report_year int NOT NULL,
    amount_cents bigint NOT NULL,
    recorded_at_utc datetime2(6) NOT NULL,
    recorded_by_user_id int NOT NULL REFERENCES users (id),
    UNIQUE (application_id, report_year),
    CHECK (amount_cents >= 0)
);

-- A vaststelling: prepared by one reviewer, approved or returned by another. final = min(reported, granted);
-- payback = paid − final when positive; additional = final − paid when positive (a round paying less than 100%).
CREATE TABLE settlements (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    application_id int NOT NULL REFERENCES applications (id),
    granted_cents bigint NOT NULL,
    reported_cents bigint NOT NULL,
    final_cents bigint NOT NULL,
    paid_cents bigint NOT NULL,
    payback_cents bigint NOT NULL,
    additional_cents bigint NOT NULL,
    explanation nvarchar(4000) NULL,
    rule_version nvarchar(200) NOT NULL,
    status nvarchar(30) NOT NULL,
    prepared_by_user_id int NOT NULL REFERENCES users (id),
    prepared_at_utc datetime2(6) NOT NULL,
    reviewed_by_user_id int NULL REFERENCES users (id),
    reviewed_at_utc datetime2(6) NULL,
    remark nvarchar(4000) NULL,
    sent_on date NULL,
    objection_due_on date NULL,
    payback_due_on date NULL,
    CHECK (status IN ('TerAccordering', 'Teruggestuurd', 'Goedgekeurd')),
    CHECK (final_cents >= 0 AND payback_cents >= 0 AND additional_cents >= 0)
);
CREATE INDEX ix_settlements_application ON settlements (application_id);
-- At most one vaststelling waiting for review and one approved per application.
CREATE UNIQUE INDEX ux_settlements_pending ON settlements (application_id) WHERE status = 'TerAccordering';
CREATE UNIQUE INDEX ux_settlements_approved ON settlements (application_id) WHERE status = 'Goedgekeurd';
