-- Indexes that pages under load were missing (docs/performance.md, "Pages"): the case page reads an application's
-- ledger lines (it scanned the whole ledger: 261,000 rows for 100,000 applications), and the queue's province filter
-- lists the provinces (it scanned every gemeente).
CREATE INDEX ix_ranking_ledger_application ON ranking_ledger (application_id, id);
CREATE INDEX ix_municipalities_province ON municipalities (province);
