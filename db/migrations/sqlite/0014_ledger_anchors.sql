-- Daily anchors of the ranking ledger: each Amsterdam day's last hash, stored once the day is over (by the first append of
-- a later day, in the same transaction), so that a rewrite of the ledger cannot silently move an anchor once published.
-- ledger_head_day is the Amsterdam day on which the head was appended: the day its anchor will belong to.
CREATE TABLE ledger_anchors (
    round_id INTEGER NOT NULL REFERENCES rounds (id),
    anchor_day TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (round_id, anchor_day)
);

ALTER TABLE rounds ADD COLUMN ledger_head_day TEXT NULL;

-- Days before this migration get no anchors: computed now from the ledger as it is, they would prove nothing. The existing
-- head is anchored on its (UTC) day, so all history up to now is covered by the first anchor.
UPDATE rounds SET ledger_head_day = (SELECT substr(l.recorded_at_utc, 1, 10) FROM ranking_ledger l WHERE l.hash = rounds.ledger_head_hash);
