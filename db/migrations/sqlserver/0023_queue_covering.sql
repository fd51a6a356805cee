-- The reviewers' queue walks one of these two indexes in ranking order (keyset on queue_order). Both carry municipality_id,
-- so a province filter is checked from the index and the gemeente alone: the application's row is read only for the rows
-- shown. The first holds received applications only (kenmerk IS NOT NULL, as the unfiltered queue asks); the second is
-- whole, because the state-filtered queue leaves drafts out by state (Queue.StateFilter) (docs/performance.md, "Pages").
DROP INDEX ix_applications_queue ON applications;
CREATE INDEX ix_applications_queue ON applications (round_id, queue_order, municipality_id) WHERE kenmerk IS NOT NULL;
DROP INDEX ix_applications_queue_state ON applications;
CREATE INDEX ix_applications_queue_state ON applications (round_id, state, queue_order, municipality_id);
