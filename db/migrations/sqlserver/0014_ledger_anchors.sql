-- Daily anchors of the ranking ledger: each Amsterdam day's last hash, stored once the day is over (by the first append of
-- a later day, in the same transaction), so that a rewrite of the ledger cannot silently move an anchor once published.
-- ledger_head_day is the Amsterdam day on which the head was appended: the day its anchor will belong to.
CREATE TABLE ledger_anchors (
    round_id int NOT NULL REFERENCES rounds (id),
    anchor_day date NOT NULL,
    hash char(64) NOT NULL,
    CONSTRAINT pk_ledger_anchors PRIMARY KEY (round_id, anchor_day)
);
GO

ALTER TABLE rounds ADD ledger_head_day date NULL;
GO

-- Days before this migration get no anchors: computed now from the ledger as it is, they would prove nothing. The existing
-- head is anchored on its (UTC) day, so all history up to now is covered by the first anchor.
UPDATE r SET ledger_head_day = CONVERT(date, l.recorded_at_utc)
FROM rounds r JOIN ranking_ledger l ON l.hash = r.ledger_head_hash;
GO
