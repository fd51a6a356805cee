namespace GrantAdmin.Web.Infrastructure.Hosting;

/// <summary>
/// What a process does (setting <c>Host:Role</c>): serve pages (<see cref="Web"/>), run the background jobs
/// (<see cref="Worker"/>), or both (the embedded default). Production runs several web servers and one or more workers
/// on one database; every job claims its rows in the database, so any number of workers sends each mail and letter once.
/// </summary>
public enum HostRole { Both, Web, Worker }

public static class HostRoles
{
    public const string Setting = "Host:Role";

    public static HostRole Of(IConfiguration configuration) => configuration[Setting] switch
    {
        null or "" => HostRole.Both,
        var value when Enum.TryParse<HostRole>(value, ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(value, out _) => role,
        var value => throw new InvalidOperationException($"{Setting} '{value}' is unknown: use Web, Worker or Both."),
    };

    public static bool ServesPages(this HostRole role) => role != HostRole.Worker;

    public static bool RunsJobs(this HostRole role) => role != HostRole.Web;
}
