-- Sending decision letters (Features/Decisions/SendDecisionLettersJob, issue 5 §1). Keep in step with
-- sqlserver/0003_decision_dispatch.sql. A dispatch (verzendronde) sends the letters of approved decisions in a
-- background job; an approval sends its own letter as a dispatch of one. Each item is one decision: claimed with a
-- lease (attempts + 1) before it is worked on, retried with back-off, Failed after the last attempt. A letter is
-- sent when decisions.sent_on is set, in one transaction with the stored PDF and the outbox mail, and only while
-- sent_on IS NULL: a decision gets one letter and one mail, whatever crashes or runs twice.
CREATE TABLE decision_dispatches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at_utc TEXT NOT NULL,
    created_by_user_id INTEGER NOT NULL REFERENCES users (id),
    origin TEXT NOT NULL,
    item_count INTEGER NOT NULL DEFAULT 0,
    finished_at_utc TEXT NULL,
    CHECK (origin IN ('Accordering', 'Verzendronde'))
);

CREATE TABLE decision_dispatch_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dispatch_id INTEGER NOT NULL REFERENCES decision_dispatches (id),
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at_utc TEXT NOT NULL,
    claimed_until_utc TEXT NULL,
    last_error TEXT NULL,
    sent_at_utc TEXT NULL,
    outbox_message_id INTEGER NULL REFERENCES outbox_messages (id),
    CHECK (status IN ('Pending', 'Sent', 'Failed', 'Skipped'))
);
CREATE INDEX ix_dispatch_items_dispatch ON decision_dispatch_items (dispatch_id, status);
CREATE INDEX ix_dispatch_items_due ON decision_dispatch_items (status, next_attempt_at_utc);
-- A decision is in at most one open item at a time.
CREATE UNIQUE INDEX ux_dispatch_items_open ON decision_dispatch_items (decision_id) WHERE status = 'Pending';
CREATE INDEX ix_decisions_status_sent ON decisions (status, sent_on);
