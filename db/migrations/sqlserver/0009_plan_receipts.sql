-- The moment a plan version became part of a receipt (the submission, or a supplement): from then on it is the grants
-- office's to read. Versions a draft replaced before it was submitted stay the gemeente's. Plans of applications
-- received before this column existed are all counted as received, as they were shown until now.
ALTER TABLE plan_files ADD received_at_utc DATETIME2(6) NULL;
GO

UPDATE plan_files SET received_at_utc = (SELECT a.received_at_utc FROM applications a WHERE a.id = plan_files.application_id)
WHERE application_id IN (SELECT id FROM applications WHERE received_at_utc IS NOT NULL);
GO
