-- Two readings of the law made explicit as round settings (issue 15 §1).
--
-- 1. remainder_policy: 'Reject' was ambiguous (does a later, smaller application that fits still get money?). It is now
--    'StopAtFirstMisfit' (what 'Reject' always did) or 'SkipMisfits' (keep serving later ones that fit).
--    The old CHECK constraint has a generated name: find it by its definition.
DECLARE @constraint sysname = (
    SELECT cc.name FROM sys.check_constraints cc
    WHERE cc.parent_object_id = OBJECT_ID(N'rounds') AND cc.definition LIKE N'%remainder_policy%Reject%');
DECLARE @drop nvarchar(400) = N'ALTER TABLE rounds DROP CONSTRAINT ' + QUOTENAME(@constraint);
IF @constraint IS NOT NULL
    EXEC sp_executesql @drop;
GO

UPDATE rounds SET remainder_policy = 'StopAtFirstMisfit' WHERE remainder_policy = 'Reject';
GO

ALTER TABLE rounds ADD CONSTRAINT CK_rounds_remainder_policy CHECK (remainder_policy IN ('PartialRemainder', 'StopAtFirstMisfit', 'SkipMisfits'));
GO

-- 2. late_supplement_policy: Awb 4:5 allows, but does not oblige, setting aside an application whose supplement came
--    after the term. 'Refuse': the portal takes no supplement after the term (the behaviour until now). 'Review': the
--    gemeente may still send one while the case is not set aside, and the reviewer decides.
ALTER TABLE rounds ADD late_supplement_policy nvarchar(10) NOT NULL CONSTRAINT DF_rounds_late_supplement_policy DEFAULT 'Refuse'
    CONSTRAINT CK_rounds_late_supplement_policy CHECK (late_supplement_policy IN ('Refuse', 'Review'));
GO
