-- A position is provisional only while an application before it is unjudged (its own unjudged state moves nothing
-- ahead of it). The round's tail records whether an unjudged application holds a position, so a receipt placed at the
-- end knows without reading the round. Existing positions are brought to the same reading.
ALTER TABLE rounds ADD ranked_has_unjudged bit NOT NULL CONSTRAINT df_rounds_ranked_has_unjudged DEFAULT 0;
GO

UPDATE rounds SET ranked_has_unjudged = CASE WHEN EXISTS (
    SELECT 1 FROM applications a WHERE a.round_id = rounds.id AND a.ranking_position IS NOT NULL AND a.state IN ('Ingediend', 'InBehandeling')
) THEN 1 ELSE 0 END;

UPDATE a SET position_provisional = CASE WHEN EXISTS (
    SELECT 1 FROM applications b
    WHERE b.round_id = a.round_id AND b.ranking_position < a.ranking_position AND b.state IN ('Ingediend', 'InBehandeling')
) THEN 1 ELSE 0 END
FROM applications a
WHERE a.ranking_position IS NOT NULL;
GO
