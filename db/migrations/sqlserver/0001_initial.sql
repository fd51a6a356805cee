-- GrantAdmin initial schema (SQL Server). Keep in step with sqlite/0001_initial.sql.
-- Money: whole cents (bigint). Instants: UTC datetime2(6). Legal dates: date.
CREATE TABLE municipalities (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    cbs_code nvarchar(10) NOT NULL UNIQUE,
    name nvarchar(100) NOT NULL,
    province nvarchar(50) NOT NULL,
    safety_region_code nvarchar(10) NULL,
    safety_region_name nvarchar(100) NULL,
    population int NULL,
    is_koploper bit NOT NULL DEFAULT 0
);

CREATE TABLE municipality_lists (
    list_year int NOT NULL,
    municipality_id int NOT NULL REFERENCES municipalities (id),
    PRIMARY KEY (list_year, municipality_id)
);

CREATE TABLE rounds (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    code nvarchar(30) NOT NULL UNIQUE,
    name nvarchar(200) NOT NULL,
    kenmerk_prefix nvarchar(30) NOT NULL,
    opens_on date NOT NULL,
    closes_on date NOT NULL,
    ceiling_cents bigint NOT NULL,
    max_per_applicant_cents bigint NOT NULL,
    one_grant_per_applicant bit NOT NULL,
    remainder_policy nvarchar(30) NOT NULL,
    tie_policy nvarchar(30) NOT NULL,
    municipality_list_year int NOT NULL,
    activities_from date NOT NULL,
    activities_until date NOT NULL,
    decision_term_weeks int NOT NULL,
    completion_term_days int NOT NULL,
    rule_version nvarchar(200) NOT NULL,
    is_demo bit NOT NULL DEFAULT 0,
    last_kenmerk_number int NOT NULL DEFAULT 0,
    last_receipt_utc datetime2(6) NULL,
    lottery_seed nvarchar(200) NULL,
    lottery_seed_hash char(64) NULL,
    ledger_head_hash char(64) NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
    payment_percentage int NOT NULL DEFAULT 100,
    CHECK (payment_percentage BETWEEN 1 AND 100),
    CHECK (remainder_policy IN ('PartialRemainder', 'Reject')),
    CHECK (tie_policy IN ('ExactMoment', 'SameDayLottery')),
    CHECK (closes_on >= opens_on)
);

CREATE TABLE users (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    email nvarchar(256) NOT NULL UNIQUE,
    display_name nvarchar(200) NOT NULL,
    password_hash nvarchar(400) NOT NULL,
    role nvarchar(30) NOT NULL,
    municipality_id int NULL REFERENCES municipalities (id),
    is_active bit NOT NULL DEFAULT 1,
    failed_logins int NOT NULL DEFAULT 0,
    locked_until_utc datetime2(6) NULL,
    security_stamp nvarchar(64) NOT NULL,
    created_at_utc datetime2(6) NOT NULL,
    CHECK ((role IN ('Invuller', 'Tekenbevoegde') AND municipality_id IS NOT NULL)
        OR (role IN ('Behandelaar', 'Accordeerder', 'Programmamanager', 'Beheerder') AND municipality_id IS NULL))
);

CREATE TABLE plan_files (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    municipality_id int NOT NULL REFERENCES municipalities (id),
    application_id int NULL,
    file_name nvarchar(255) NOT NULL,
    format nvarchar(10) NOT NULL,
    size_bytes bigint NOT NULL,
    sha256 char(64) NOT NULL,
    content varbinary(max) NOT NULL,
    uploaded_at_utc datetime2(6) NOT NULL,
    uploaded_by_user_id int NOT NULL REFERENCES users (id)
);
CREATE INDEX ix_plan_files_application ON plan_files (application_id);

CREATE TABLE applications (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    round_id int NOT NULL REFERENCES rounds (id),
    municipality_id int NOT NULL REFERENCES municipalities (id),
    state nvarchar(40) NOT NULL,
    kenmerk nvarchar(40) NULL,
    kenmerk_number int NULL,
    contact_name nvarchar(200) NULL,
    contact_email nvarchar(256) NULL,
    contact_phone nvarchar(40) NULL,
    activity_project_leader bit NOT NULL DEFAULT 0,
    activity_research bit NOT NULL DEFAULT 0,
    project_start date NULL,
    project_end date NULL,
    requested_cents bigint NULL,
    budget_project_leader_cents bigint NULL,
    budget_research_cents bigint NULL,
    iban nvarchar(34) NULL,
    account_holder nvarchar(200) NULL,
    statement_truthful bit NOT NULL DEFAULT 0,
    statement_purpose bit NOT NULL DEFAULT 0,
    statement_no_double_funding bit NOT NULL DEFAULT 0,
    statement_accountability bit NOT NULL DEFAULT 0,
    current_plan_id int NULL REFERENCES plan_files (id),
    created_at_utc datetime2(6) NOT NULL,
    created_by_user_id int NOT NULL REFERENCES users (id),
    updated_at_utc datetime2(6) NOT NULL,
    received_at_utc datetime2(6) NULL,
    received_on date NULL,
    submitted_by_user_id int NULL REFERENCES users (id),
    latest_receipt_utc datetime2(6) NULL,
    ranking_moment_utc datetime2(6) NULL,
    ranking_position int NULL,
    position_provisional bit NOT NULL DEFAULT 0,
    allocation nvarchar(30) NULL,
    reserved_cents bigint NOT NULL DEFAULT 0,
    granted_cents bigint NULL,
    assigned_to_user_id int NULL REFERENCES users (id),
    queue_order int NOT NULL DEFAULT 0,
    decision_due_on date NULL,
    decision_extension_weeks int NULL,
    decision_extended_at_utc datetime2(6) NULL,
    decision_extended_by_user_id int NULL REFERENCES users (id),
    decision_extension_reason nvarchar(2000) NULL,
    decision_due_before_extension_on date NULL,
    decision_due_after_extension_on date NULL,
    withdrawn_at_utc datetime2(6) NULL,
    withdrawal_reason nvarchar(2000) NULL,
    CONSTRAINT ux_applications_round_municipality UNIQUE (round_id, municipality_id)
);
CREATE UNIQUE INDEX ux_applications_kenmerk ON applications (kenmerk) WHERE kenmerk IS NOT NULL;
CREATE INDEX ix_applications_municipality ON applications (municipality_id);

CREATE TABLE state_transitions (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    application_id int NOT NULL REFERENCES applications (id),
    from_state nvarchar(40) NULL,
    to_state nvarchar(40) NOT NULL,
    occurred_at_utc datetime2(6) NOT NULL,
    user_id int NULL REFERENCES users (id),
    reason nvarchar(2000) NULL
);
CREATE INDEX ix_state_transitions_application ON state_transitions (application_id);

CREATE TABLE ranking_ledger (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    round_id int NOT NULL REFERENCES rounds (id),
    application_id int NOT NULL REFERENCES applications (id),
    kenmerk_number int NOT NULL,
    event nvarchar(40) NOT NULL,
    moment_utc datetime2(6) NOT NULL,
    recorded_at_utc datetime2(6) NOT NULL,
    amount_cents bigint NOT NULL,
    user_id int NULL REFERENCES users (id),
    previous_hash char(64) NOT NULL,
    hash char(64) NOT NULL UNIQUE
);
CREATE INDEX ix_ranking_ledger_round ON ranking_ledger (round_id, id);
CREATE INDEX ix_applications_round_position ON applications (round_id, ranking_position);

CREATE TABLE audit_log (
    id bigint IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    occurred_at_utc datetime2(6) NOT NULL,
    user_id int NULL REFERENCES users (id),
    action nvarchar(60) NOT NULL,
    application_id int NULL REFERENCES applications (id),
    municipality_id int NULL REFERENCES municipalities (id),
    details nvarchar(max) NULL
);
CREATE INDEX ix_audit_log_application ON audit_log (application_id);

CREATE TABLE documents (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    application_id int NOT NULL REFERENCES applications (id),
    kind nvarchar(40) NOT NULL,
    file_name nvarchar(255) NOT NULL,
    content varbinary(max) NOT NULL,
    sha256 char(64) NOT NULL,
    created_at_utc datetime2(6) NOT NULL,
    CONSTRAINT ux_documents_application_kind UNIQUE (application_id, kind)
);

CREATE TABLE outbox_messages (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    created_at_utc datetime2(6) NOT NULL,
    application_id int NULL REFERENCES applications (id),
    to_addresses nvarchar(2000) NOT NULL,
    subject nvarchar(400) NOT NULL,
    body_text nvarchar(max) NOT NULL,
    attachment_kind nvarchar(40) NULL,
    status nvarchar(20) NOT NULL,
    attempts int NOT NULL DEFAULT 0,
    next_attempt_at_utc datetime2(6) NOT NULL,
    claimed_until_utc datetime2(6) NULL,
    last_error nvarchar(2000) NULL,
    sent_at_utc datetime2(6) NULL,
    CHECK (status IN ('Pending', 'Sent', 'Failed'))
);
CREATE INDEX ix_outbox_pending ON outbox_messages (status, next_attempt_at_utc);

CREATE INDEX ix_applications_queue ON applications (round_id, queue_order);

-- Non-state events of a case (assignments, judgements, supplements) for the timeline; never deleted.
CREATE TABLE case_events (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    application_id int NOT NULL REFERENCES applications (id),
    occurred_at_utc datetime2(6) NOT NULL,
    user_id int NULL REFERENCES users (id),
    kind nvarchar(40) NOT NULL,
    details nvarchar(2000) NULL
);
CREATE INDEX ix_case_events_application ON case_events (application_id);

CREATE TABLE checklist_items (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    round_id int NOT NULL REFERENCES rounds (id),
    code nvarchar(40) NOT NULL,
    label nvarchar(400) NOT NULL,
    position int NOT NULL,
    CONSTRAINT ux_checklist_items_round_code UNIQUE (round_id, code)
);

CREATE TABLE judgements (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    application_id int NOT NULL REFERENCES applications (id),
    judged_at_utc datetime2(6) NOT NULL,
    user_id int NOT NULL REFERENCES users (id),
    complete bit NOT NULL,
    ranking_moment_utc datetime2(6) NULL
);

CREATE TABLE judgement_items (
    judgement_id int NOT NULL REFERENCES judgements (id),
    code nvarchar(40) NOT NULL,
    complete bit NOT NULL,
    remark nvarchar(2000) NULL,
    PRIMARY KEY (judgement_id, code)
);

CREATE TABLE completion_requests (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    application_id int NOT NULL REFERENCES applications (id),
    judgement_id int NOT NULL REFERENCES judgements (id),
    sent_at_utc datetime2(6) NOT NULL,
    sent_on date NOT NULL,
    term_days int NOT NULL,
    due_on date NOT NULL,
    explanation nvarchar(4000) NOT NULL,
    supplement_received_at_utc datetime2(6) NULL,
    supplement_received_on date NULL,
    expired_on date NULL,
    set_aside_due_on date NULL
);
CREATE INDEX ix_completion_requests_open ON completion_requests (due_on);

-- Decisions (domain.md §3, issue 5 §1): prepared by one reviewer, approved or returned by another. On approval the
-- meter at that moment is kept with it, so the letter can state the position and meter as they were.
CREATE TABLE decisions (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    application_id int NOT NULL REFERENCES applications (id),
    kind nvarchar(30) NOT NULL,
    amount_cents bigint NOT NULL,
    ground nvarchar(200) NULL,
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
    ranking_position int NULL,
    meter_ceiling_cents bigint NULL,
    meter_granted_cents bigint NULL,
    meter_reserved_cents bigint NULL,
    meter_available_cents bigint NULL
);
CREATE INDEX ix_decisions_application ON decisions (application_id);

-- Algemene termijnenwet art. 3(3): days designated by royal decree, maintained by a beheerder.
CREATE TABLE designated_days (
    day date NOT NULL PRIMARY KEY,
    description nvarchar(200) NOT NULL
);

-- Reminders sent (Features/Reminders): one row per reminder key, written in the same transaction as its
-- outbox row, so a reminder is recorded exactly when its mail exists; the unique key makes it go out once.
CREATE TABLE reminders (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    reminder_key nvarchar(200) NOT NULL UNIQUE,
    kind nvarchar(40) NOT NULL,
    application_id int NULL REFERENCES applications (id),
    due_on date NOT NULL,
    created_at_utc datetime2(6) NOT NULL,
    outbox_message_id int NOT NULL REFERENCES outbox_messages (id)
);
CREATE INDEX ix_reminders_kind_due ON reminders (kind, due_on);

-- Payments (Features/Payments, issue 5 §4): an approved verlening creates one payment instruction for
-- granted × rounds.payment_percentage / 100 (whole cents, rounded down), in the approval's transaction. The office
-- exports the instructions not yet exported as one CSV file, kept unchanged with its SHA-256; each instruction is
-- in exactly one export (export_id is set once, guarded by export_id IS NULL in the export's write transaction).
CREATE TABLE payment_exports (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    created_at_utc datetime2(6) NOT NULL,
    user_id int NOT NULL REFERENCES users (id),
    file_name nvarchar(200) NOT NULL,
    content varbinary(max) NOT NULL,
    sha256 char(64) NOT NULL,
    row_count int NOT NULL
);

CREATE TABLE payment_instructions (
    id int IDENTITY(1, 1) NOT NULL PRIMARY KEY,
    application_id int NOT NULL UNIQUE REFERENCES applications (id),
    decision_id int NOT NULL REFERENCES decisions (id),
    amount_cents bigint NOT NULL,
    iban nvarchar(34) NOT NULL,
    account_holder nvarchar(200) NOT NULL,
    kenmerk nvarchar(40) NOT NULL,
    created_at_utc datetime2(6) NOT NULL,
    export_id int NULL REFERENCES payment_exports (id),
    CHECK (amount_cents > 0)
);
CREATE INDEX ix_payment_instructions_export ON payment_instructions (export_id);
