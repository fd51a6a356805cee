using GrantAdmin.Web.Features.Account;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Web.Features.Programme.Ambassadors;

/// <summary>
/// For a gemeente's own users: the contacts ambassadors had with their gemeente, and, when their gemeente is a member of an
/// ambassador participant, the contacts that participant logged. Nothing about other gemeenten' own contacts.
/// </summary>
public static class MyContacts
{
    public sealed record Page(string MunicipalityName, IReadOnlyList<OutreachLog.Contact> Received,
        IReadOnlyList<string> AmbassadorNames, IReadOnlyList<OutreachLog.Contact> Logged);

    internal const string ReceivedSql = $"""
        SELECT {OutreachLog.ContactColumns}
        WHERE c.municipality_id = @municipalityId
        ORDER BY c.contacted_on DESC, c.id DESC
        """;

    internal const string AmbassadorsSql = """
        SELECT p.name FROM programme_participant_members pm
        JOIN programme_ambassadors a ON a.participant_id = pm.participant_id
        JOIN programme_participants p ON p.id = pm.participant_id
        WHERE pm.municipality_id = @municipalityId
        ORDER BY p.name
        """;

    internal const string LoggedSql = $"""
        SELECT {OutreachLog.ContactColumns}
        WHERE c.participant_id IN (
            SELECT pm.participant_id FROM programme_participant_members pm
            JOIN programme_ambassadors a ON a.participant_id = pm.participant_id
            WHERE pm.municipality_id = @municipalityId)
        ORDER BY c.contacted_on DESC, c.id DESC
        """;

    public sealed class Handler(Db db)
    {
        public async Task<Page> LoadAsync(CurrentUser user, CancellationToken ct)
        {
            var municipalityId = user.RequireMunicipality();
            return new Page(user.MunicipalityName ?? "",
                await db.QueryAsync<OutreachLog.Contact>(ReceivedSql, new { municipalityId }, ct),
                await db.QueryAsync<string>(AmbassadorsSql, new { municipalityId }, ct),
                await db.QueryAsync<OutreachLog.Contact>(LoggedSql, new { municipalityId }, ct));
        }
    }
}
