using GrantAdmin.Web.Features.Account;

namespace GrantAdmin.Web.Features.Programme.Participants;

/// <summary>Who may use the Koploper programme (issue 6 §6): the programmamanager edits, the grants office reads.</summary>
public static class ProgrammeRoles
{
    public const string Readers = Roles.Programmamanager + "," + Roles.Behandelaar + "," + Roles.Accordeerder;
    public const string Editors = Roles.Programmamanager;
}
