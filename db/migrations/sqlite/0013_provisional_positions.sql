-- A position is provisional only while an application before it is unjudged (its own unjudged state moves nothing
-- ahead of it). The round's tail records whether an unjudged application holds a position, so a receipt placed at the
-- end knows without reading the round. Existing positions are brought to the same reading.
ALTER TABLE rounds ADD COLUMN ranked_has_unjudged INTEGER NOT NULL DEFAULT 0;

UPDATE rounds SET ranked_has_unjudged = CASE WHEN EXISTS (
    SELECT 1 FROM applications a WHERE a.round_id = rounds.id AND a.ranking_position IS NOT NULL AND a.state IN ('Ingediend', 'InBehandeling')
) THEN 1 ELSE 0 END;

UPDATE applications SET position_provisional = CASE WHEN EXISTS (
    SELECT 1 FROM applications b
    WHERE b.round_id = applications.round_id AND b.ranking_position < applications.ranking_position AND b.state IN ('Ingediend', 'InBehandeling')
) THEN 1 ELSE 0 END
WHERE ranking_position IS NOT NULL;
