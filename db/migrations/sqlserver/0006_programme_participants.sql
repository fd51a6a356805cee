-- Koploper participants (issue 6 §1). Keep in step with sqlite/0006_programme_participants.sql.
-- seed_key: the stable key of a row loaded from reference data ("koplopers.csv:Alkmaar") or demo data ("demo:…"),
--   so a load adds only missing rows and never overwrites what the programmamanager changed (e.g. a renamed lichting).
-- members_unknown: a region whose gemeenten the source does not name (Regio Twente); the only case without members.
-- is_unverified: named only in our own project documents, no public source (koplopers.csv "UNVERIFIED").
ALTER TABLE programme_cohorts ADD seed_key nvarchar(200) NULL;
ALTER TABLE programme_participants ADD seed_key nvarchar(200) NULL,
    members_unknown bit NOT NULL DEFAULT 0,
    is_unverified bit NOT NULL DEFAULT 0;
GO
CREATE UNIQUE INDEX ux_programme_cohorts_seed_key ON programme_cohorts (seed_key) WHERE seed_key IS NOT NULL;
CREATE UNIQUE INDEX ux_programme_participants_seed_key ON programme_participants (seed_key) WHERE seed_key IS NOT NULL;
CREATE INDEX ix_programme_participants_cohort ON programme_participants (cohort_id);
