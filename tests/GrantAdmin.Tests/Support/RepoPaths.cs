namespace GrantAdmin.Tests.Support;

/// <summary>Where the repository (the folder holding GrantAdmin.sln), its reference data and the shared folder beside it live.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The app's own copy of the reference data: the source of truth, present in every clone.</summary>
    public static string ReferenceData => Path.Combine(Root, "src", "GrantAdmin.Web", "ReferenceData");

    /// <summary>The shared data folder next to the repository: ../shared/data. Absent on a plain clone.</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    /// <summary>The C# source files under a folder of the repository (e.g. "src"), without build output (bin, obj).</summary>
    public static IEnumerable<string> SourceFiles(params string[] folder) =>
        Directory.EnumerateFiles(Path.Combine([Root, .. folder]), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GrantAdmin.sln"))) return dir.FullName;
        throw new InvalidOperationException($"GrantAdmin.sln not found above {AppContext.BaseDirectory}.");
    }
}
