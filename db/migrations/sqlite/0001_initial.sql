-- GrantAdmin initial schema (SQLite). Keep in step with sqlserver/0001_initial.sql.
-- Money: whole cents (INTEGER). Instants: UTC text 'yyyy-MM-dd HH:mm:ss.ffffff'. Legal dates: 'yyyy-MM-dd'.
CREATE TABLE municipalities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    cbs_code TEXT NOT NULL COLLATE NOCASE UNIQUE,
    name TEXT NOT NULL,
    province TEXT NOT NULL,
    safety_region_code TEXT NULL,
    safety_region_name TEXT NULL,
    population INTEGER NULL,
    is_koploper INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE municipality_lists (
    list_year INTEGER NOT NULL,
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    PRIMARY KEY (list_year, municipality_id)
);

CREATE TABLE rounds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL COLLATE NOCASE UNIQUE,
    name TEXT NOT NULL,
    kenmerk_prefix TEXT NOT NULL,
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    ceiling_cents INTEGER NOT NULL,
    max_per_applicant_cents INTEGER NOT NULL,
    one_grant_per_applicant INTEGER NOT NULL,
    remainder_policy TEXT NOT NULL,
    tie_policy TEXT NOT NULL,
    municipality_list_year INTEGER NOT NULL,
    activities_from TEXT NOT NULL,
    activities_until TEXT NOT NULL,
    decision_term_weeks INTEGER NOT NULL,
    completion_term_days INTEGER NOT NULL,
    rule_version TEXT NOT NULL,
    is_demo INTEGER NOT NULL DEFAULT 0,
    last_kenmerk_number INTEGER NOT NULL DEFAULT 0,
    last_receipt_utc TEXT NULL,
    lottery_seed TEXT NULL,
    lottery_seed_hash TEXT NULL,
    ledger_head_hash TEXT NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
    payment_percentage INTEGER NOT NULL DEFAULT 100,
    CHECK (payment_percentage BETWEEN 1 AND 100),
    CHECK (remainder_policy IN ('PartialRemainder', 'Reject')),
    CHECK (tie_policy IN ('ExactMoment', 'SameDayLottery')),
    CHECK (closes_on >= opens_on)
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL COLLATE NOCASE UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    municipality_id INTEGER NULL REFERENCES municipalities (id),
    is_active INTEGER NOT NULL DEFAULT 1,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until_utc TEXT NULL,
    security_stamp TEXT NOT NULL,
    created_at_utc TEXT NOT NULL,
    CHECK ((role IN ('Invuller', 'Tekenbevoegde') AND municipality_id IS NOT NULL)
        OR (role IN ('Behandelaar', 'Accordeerder', 'Programmamanager', 'Beheerder') AND municipality_id IS NULL))
);

CREATE TABLE plan_files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    application_id INTEGER NULL,
    file_name TEXT NOT NULL,
    format TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    uploaded_at_utc TEXT NOT NULL,
    uploaded_by_user_id INTEGER NOT NULL REFERENCES users (id)
);
CREATE INDEX ix_plan_files_application ON plan_files (application_id);

CREATE TABLE applications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id INTEGER NOT NULL REFERENCES rounds (id),
    municipality_id INTEGER NOT NULL REFERENCES municipalities (id),
    state TEXT NOT NULL,
    kenmerk TEXT NULL,
    kenmerk_number INTEGER NULL,
    contact_name TEXT NULL,
    contact_email TEXT NULL,
    contact_phone TEXT NULL,
    activity_project_leader INTEGER NOT NULL DEFAULT 0,
    activity_research INTEGER NOT NULL DEFAULT 0,
    project_start TEXT NULL,
    project_end TEXT NULL,
    requested_cents INTEGER NULL,
    budget_project_leader_cents INTEGER NULL,
    budget_research_cents INTEGER NULL,
    iban TEXT NULL,
    account_holder TEXT NULL,
    statement_truthful INTEGER NOT NULL DEFAULT 0,
    statement_purpose INTEGER NOT NULL DEFAULT 0,
    statement_no_double_funding INTEGER NOT NULL DEFAULT 0,
    statement_accountability INTEGER NOT NULL DEFAULT 0,
    current_plan_id INTEGER NULL REFERENCES plan_files (id),
    created_at_utc TEXT NOT NULL,
    created_by_user_id INTEGER NOT NULL REFERENCES users (id),
    updated_at_utc TEXT NOT NULL,
    received_at_utc TEXT NULL,
    received_on TEXT NULL,
    submitted_by_user_id INTEGER NULL REFERENCES users (id),
    latest_receipt_utc TEXT NULL,
    ranking_moment_utc TEXT NULL,
    ranking_position INTEGER NULL,
    position_provisional INTEGER NOT NULL DEFAULT 0,
    allocation TEXT NULL,
    reserved_cents INTEGER NOT NULL DEFAULT 0,
    granted_cents INTEGER NULL,
    assigned_to_user_id INTEGER NULL REFERENCES users (id),
    queue_order INTEGER NOT NULL DEFAULT 0,
    decision_due_on TEXT NULL,
    decision_extension_weeks INTEGER NULL,
    decision_extended_at_utc TEXT NULL,
    decision_extended_by_user_id INTEGER NULL REFERENCES users (id),
    decision_extension_reason TEXT NULL,
    decision_due_before_extension_on TEXT NULL,
    decision_due_after_extension_on TEXT NULL,
    withdrawn_at_utc TEXT NULL,
    withdrawal_reason TEXT NULL,
    UNIQUE (round_id, municipality_id)
);
CREATE UNIQUE INDEX ux_applications_kenmerk ON applications (kenmerk) WHERE kenmerk IS NOT NULL;
CREATE INDEX ix_applications_municipality ON applications (municipality_id);

CREATE TABLE state_transitions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    from_state TEXT NULL,
    to_state TEXT NOT NULL,
    occurred_at_utc TEXT NOT NULL,
    user_id INTEGER NULL REFERENCES users (id),
    reason TEXT NULL
);
CREATE INDEX ix_state_transitions_application ON state_transitions (application_id);

CREATE TABLE ranking_ledger (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id INTEGER NOT NULL REFERENCES rounds (id),
    application_id INTEGER NOT NULL REFERENCES applications (id),
    kenmerk_number INTEGER NOT NULL,
    event TEXT NOT NULL,
    moment_utc TEXT NOT NULL,
    recorded_at_utc TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    user_id INTEGER NULL REFERENCES users (id),
    previous_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE INDEX ix_ranking_ledger_round ON ranking_ledger (round_id, id);
CREATE INDEX ix_applications_round_position ON applications (round_id, ranking_position);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at_utc TEXT NOT NULL,
    user_id INTEGER NULL REFERENCES users (id),
    action TEXT NOT NULL,
    application_id INTEGER NULL REFERENCES applications (id),
    municipality_id INTEGER NULL REFERENCES municipalities (id),
    details TEXT NULL
);
CREATE INDEX ix_audit_log_application ON audit_log (application_id);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    created_at_utc TEXT NOT NULL,
    UNIQUE (application_id, kind)
);

CREATE TABLE outbox_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at_utc TEXT NOT NULL,
    application_id INTEGER NULL REFERENCES applications (id),
    to_addresses TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    attachment_kind TEXT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at_utc TEXT NOT NULL,
    claimed_until_utc TEXT NULL,
    last_error TEXT NULL,
    sent_at_utc TEXT NULL,
    CHECK (status IN ('Pending', 'Sent', 'Failed'))
);
CREATE INDEX ix_outbox_pending ON outbox_messages (status, next_attempt_at_utc);

CREATE INDEX ix_applications_queue ON applications (round_id, queue_order);

-- Non-state events of a case (assignments, judgements, supplements) for the timeline; never deleted.
CREATE TABLE case_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    occurred_at_utc TEXT NOT NULL,
    user_id INTEGER NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    details TEXT NULL
);
CREATE INDEX ix_case_events_application ON case_events (application_id);

CREATE TABLE checklist_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id INTEGER NOT NULL REFERENCES rounds (id),
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (round_id, code)
);

CREATE TABLE judgements (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    judged_at_utc TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id),
    complete INTEGER NOT NULL,
    ranking_moment_utc TEXT NULL
);

CREATE TABLE judgement_items (
    judgement_id INTEGER NOT NULL REFERENCES judgements (id),
    code TEXT NOT NULL,
    complete INTEGER NOT NULL,
    remark TEXT NULL,
    PRIMARY KEY (judgement_id, code)
);

CREATE TABLE completion_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    judgement_id INTEGER NOT NULL REFERENCES judgements (id),
    sent_at_utc TEXT NOT NULL,
    sent_on TEXT NOT NULL,
    term_days INTEGER NOT NULL,
    due_on TEXT NOT NULL,
    explanation TEXT NOT NULL,
    supplement_received_at_utc TEXT NULL,
    supplement_received_on TEXT NULL,
    expired_on TEXT NULL,
    set_aside_due_on TEXT NULL
);
CREATE INDEX ix_completion_requests_open ON completion_requests (due_on);

-- Decisions (domain.md §3, issue 5 §1): prepared by one reviewer, approved or returned by another. On approval the
-- meter at that moment is kept with it, so the letter can state the position and meter as they were.
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL REFERENCES applications (id),
    kind TEXT NOT NULL,
    amount_cents INTEGER NOT NULL,
    ground TEXT NULL,
    explanation TEXT NULL,
    rule_version TEXT NOT NULL,
    status TEXT NOT NULL,
    prepared_by_user_id INTEGER NOT NULL REFERENCES users (id),
    prepared_at_utc TEXT NOT NULL,
    reviewed_by_user_id INTEGER NULL REFERENCES users (id),
    reviewed_at_utc TEXT NULL,
    remark TEXT NULL,
    sent_on TEXT NULL,
    objection_due_on TEXT NULL,
    ranking_position INTEGER NULL,
    meter_ceiling_cents INTEGER NULL,
    meter_granted_cents INTEGER NULL,
    meter_reserved_cents INTEGER NULL,
    meter_available_cents INTEGER NULL
);
CREATE INDEX ix_decisions_application ON decisions (application_id);

-- Algemene termijnenwet art. 3(3): days designated by royal decree, maintained by a beheerder.
CREATE TABLE designated_days (
    day TEXT NOT NULL PRIMARY KEY,
    description TEXT NOT NULL
);

-- Reminders sent (Features/Reminders): one row per reminder key, written in the same transaction as its
-- outbox row, so a reminder is recorded exactly when its mail exists; the unique key makes it go out once.
CREATE TABLE reminders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reminder_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    application_id INTEGER NULL REFERENCES applications (id),
    due_on TEXT NOT NULL,
    created_at_utc TEXT NOT NULL,
    outbox_message_id INTEGER NOT NULL REFERENCES outbox_messages (id)
);
CREATE INDEX ix_reminders_kind_due ON reminders (kind, due_on);

-- Payments (Features/Payments, issue 5 §4): an approved verlening creates one payment instruction for
-- granted × rounds.payment_percentage / 100 (whole cents, rounded down), in the approval's transaction. The office
-- exports the instructions not yet exported as one CSV file, kept unchanged with its SHA-256; each instruction is
-- in exactly one export (export_id is set once, guarded by export_id IS NULL in the export's write transaction).
CREATE TABLE payment_exports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at_utc TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id),
    file_name TEXT NOT NULL,
    content BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    row_count INTEGER NOT NULL
);

CREATE TABLE payment_instructions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id INTEGER NOT NULL UNIQUE REFERENCES applications (id),
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    amount_cents INTEGER NOT NULL,
    iban TEXT NOT NULL,
    account_holder TEXT NOT NULL,
    kenmerk TEXT NOT NULL,
    created_at_utc TEXT NOT NULL,
    export_id INTEGER NULL REFERENCES payment_exports (id),
    CHECK (amount_cents > 0)
);
CREATE INDEX ix_payment_instructions_export ON payment_instructions (export_id);
