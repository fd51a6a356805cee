namespace GrantAdmin.Tests.Support;

/// <summary>Where the repository (the folder holding GrantAdmin.sln) and the shared reference data live.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The shared data folder next to the repository: ../shared/data.</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GrantAdmin.sln"))) return dir.FullName;
        throw new InvalidOperationException($"GrantAdmin.sln not found above {AppContext.BaseDirectory}.");
    }
}
