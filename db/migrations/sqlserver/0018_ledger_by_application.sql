-- The case page reads an application's ledger lines; without this index it scanned the whole ledger (261,000 rows for
-- 100,000 applications: docs/performance.md, "Pages").
CREATE INDEX ix_ranking_ledger_application ON ranking_ledger (application_id, id);
