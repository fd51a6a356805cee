namespace GrantAdmin.Tests.Support;

/// <summary>Where the repository (the folder holding GrantAdmin.sln), its reference data and the shared folder beside it live.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The app's own copy of the reference data: the source of truth, present in every clone.</summary>
    public static string ReferenceData => Path.Combine(Root, "src", "GrantAdmin.Web", "ReferenceData");

    /// <summary>The shared data folder next to the repository: ../shared/data. Absent on a plain clone.</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GrantAdmin.sln"))) return dir.FullName;
        throw new InvalidOperationException($"GrantAdmin.sln not found above {AppContext.BaseDirectory}.");
    }
}
