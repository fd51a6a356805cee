-- The tail of each round's ranking (how many applications hold a position and the amount they stand for), so a
-- receipt during a window is placed at the end without recomputing the round.
ALTER TABLE rounds ADD
    ranked_count INT NOT NULL CONSTRAINT df_rounds_ranked_count DEFAULT 0,
    ranked_amount_cents BIGINT NOT NULL CONSTRAINT df_rounds_ranked_amount_cents DEFAULT 0,
    ranked_last_moment_utc DATETIME2(6) NULL;
GO

UPDATE rounds SET
    ranked_count = (SELECT COUNT(*) FROM applications a WHERE a.round_id = rounds.id AND a.ranking_position IS NOT NULL),
    ranked_amount_cents = (SELECT COALESCE(SUM(CASE WHEN a.state IN ('Verleend', 'Vastgesteld') THEN COALESCE(a.granted_cents, 0)
                                                     ELSE COALESCE(a.requested_cents, 0) END), 0)
                           FROM applications a WHERE a.round_id = rounds.id AND a.ranking_position IS NOT NULL),
    ranked_last_moment_utc = (SELECT MAX(COALESCE(a.ranking_moment_utc, a.latest_receipt_utc)) FROM applications a
                              WHERE a.round_id = rounds.id AND a.ranking_position IS NOT NULL);
GO
