-- The reviewers' queue filtered on a state reads one range of this index (round, state, then the ranking order) instead
-- of walking the round in queue order until a page of that state is found (docs/performance.md, "Pages").
CREATE INDEX ix_applications_queue_state ON applications (round_id, state, queue_order);
