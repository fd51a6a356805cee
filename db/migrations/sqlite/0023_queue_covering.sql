-- The reviewers' queue walks one of these two indexes in ranking order (keyset on queue_order). Both hold only received
-- applications (drafts have no kenmerk and no place in the queue) and carry municipality_id, so a province filter is
-- checked from the index and the gemeente alone: the application's row is read only for the rows shown. Before, each
-- entry walked cost a read of the application's row, and SQLite 3.53 walked (round_id, queue_order) even with a state
-- filter: 16 ms for a page of Zeeland + Ingediend on the 96,580-application round, 1 ms now (docs/performance.md).
DROP INDEX ix_applications_queue;
CREATE INDEX ix_applications_queue ON applications (round_id, queue_order, municipality_id) WHERE kenmerk IS NOT NULL;
DROP INDEX ix_applications_queue_state;
CREATE INDEX ix_applications_queue_state ON applications (round_id, state, queue_order, municipality_id) WHERE kenmerk IS NOT NULL;
