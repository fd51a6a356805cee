namespace GrantAdmin.Web.Features.Programme.Participants;

/// <summary>
/// How the programme shows a gemeente: a gemeente that merged into another (municipalities.merged_into_id,
/// loaded from gemeente-wijzigingen-2022-2023.csv) keeps its rows and history, but is shown under the name of
/// the gemeente it merged into (Weesp → Amsterdam, Brielle → Voorne aan Zee).
/// <para>
/// Use it in any query that reads <c>municipalities m</c>: join <see cref="JoinMergedInto"/> right after it and
/// select <see cref="Display"/> (the name to show) next to <c>m.name</c> (the name it had when it joined):
/// <code>
/// internal const string ListSql = $"""
///     SELECT m.id, {MunicipalityName.Display} AS DisplayName, m.name AS OriginalName
///     FROM programme_participant_members pm
///     JOIN municipalities m ON m.id = pm.municipality_id {MunicipalityName.JoinMergedInto}
///     """;
/// </code>
/// Both are constants, so the composed query is still a <c>const</c> that TSqlTests parse. Mergers are one
/// step deep in the reference data (no gemeente merged into one that merged again).
/// </para>
/// </summary>
public static class MunicipalityName
{
    /// <summary>Joins the gemeente that <c>m</c> merged into, as <c>m_merged</c> (no row when it did not merge).</summary>
    public const string JoinMergedInto = "LEFT JOIN municipalities m_merged ON m_merged.id = m.merged_into_id";

    /// <summary>The name to show for <c>m</c>: the gemeente it merged into, else its own.</summary>
    public const string Display = "COALESCE(m_merged.name, m.name)";

    /// <summary>The CBS code to show for <c>m</c>, likewise.</summary>
    public const string DisplayCode = "COALESCE(m_merged.cbs_code, m.cbs_code)";
}
