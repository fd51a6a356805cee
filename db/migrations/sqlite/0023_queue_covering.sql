-- The reviewers' queue walks one of these two indexes in ranking order (keyset on queue_order). Both carry municipality_id,
-- so a province filter is checked from the index and the gemeente alone: the application's row is read only for the rows
-- shown. The first holds received applications only (kenmerk IS NOT NULL, as the unfiltered queue asks); the second is
-- whole, because the state-filtered queue leaves drafts out by state (Queue.StateFilter) and so cannot take the first:
-- SQLite 3.53 rates the two alike when both apply and walked (round_id, queue_order) through every state. Zeeland +
-- Ingediend on the 96,580-application round: 16 ms of SQL before, 1 ms now (docs/performance.md).
DROP INDEX ix_applications_queue;
CREATE INDEX ix_applications_queue ON applications (round_id, queue_order, municipality_id) WHERE kenmerk IS NOT NULL;
DROP INDEX ix_applications_queue_state;
CREATE INDEX ix_applications_queue_state ON applications (round_id, state, queue_order, municipality_id);
