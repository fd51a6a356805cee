-- Two readings of the law made explicit as round settings (issue 15 §1).
--
-- 1. remainder_policy: 'Reject' was ambiguous (does a later, smaller application that fits still get money?). It is now
--    'StopAtFirstMisfit' (what 'Reject' always did) or 'SkipMisfits' (keep serving later ones that fit).
--    SQLite cannot alter a CHECK constraint, and rebuilding rounds is impossible here: DbUp runs each script in a
--    transaction, in which foreign_keys (on by default in e_sqlite3) cannot be switched off, so dropping the referenced
--    table fails. SQLite documents editing the stored schema text for changes that leave the on-disk content as it is,
--    such as a CHECK constraint (https://www.sqlite.org/lang_altertable.html#otheralter); RESET reloads the schema.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (remainder_policy IN (''PartialRemainder'', ''Reject''))',
                       'CHECK (remainder_policy IN (''PartialRemainder'', ''StopAtFirstMisfit'', ''SkipMisfits''))')
WHERE type = 'table' AND name = 'rounds';
PRAGMA writable_schema = RESET;

UPDATE rounds SET remainder_policy = 'StopAtFirstMisfit' WHERE remainder_policy = 'Reject';

-- 2. late_supplement_policy: Awb 4:5 allows, but does not oblige, setting aside an application whose supplement came
--    after the term. 'Refuse': the portal takes no supplement after the term (the behaviour until now). 'Review': the
--    gemeente may still send one while the case is not set aside, and the reviewer decides.
ALTER TABLE rounds ADD COLUMN late_supplement_policy TEXT NOT NULL DEFAULT 'Refuse' CHECK (late_supplement_policy IN ('Refuse', 'Review'));
