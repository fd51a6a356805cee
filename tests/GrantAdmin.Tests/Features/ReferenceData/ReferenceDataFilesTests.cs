using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.ReferenceData;

namespace GrantAdmin.Tests.Features.ReferenceData;

/// <summary>
/// The CSV files embedded in the app are the files in its source folder, and byte-for-byte the shared reference data
/// wherever that folder sits beside the clone, so the copy can't drift. A plain clone has only its own copy.
/// </summary>
public sealed class ReferenceDataFilesTests
{
    private const string ResourcePrefix = "GrantAdmin.ReferenceData.";

    /// <summary>The app's own data, not a copy of the shared folder.</summary>
    private static readonly string[] OwnFiles = ["rounds.csv", "aangewezen-dagen.csv"];

    private static Dictionary<string, byte[]> Embedded()
    {
        var assembly = typeof(ReferenceDataLoader).Assembly;
        return assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).ToDictionary(
            n => n[ResourcePrefix.Length..],
            n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return copy.ToArray();
            });
    }

    [Fact]
    public void EmbeddedCsvFiles_EqualTheSharedData()
    {
        if (!Directory.Exists(RepoPaths.SharedData)) Assert.Skip($"No shared data beside this clone ({RepoPaths.SharedData}); the embedded copy stands alone.");
        var shared = Directory.GetFiles(RepoPaths.SharedData, "*.csv").ToDictionary(path => Path.GetFileName(path), File.ReadAllBytes);
        var embedded = Embedded();

        Assert.NotEmpty(shared);
        Assert.Equal(shared.Keys.Order(StringComparer.Ordinal), embedded.Keys.Except(OwnFiles).Order(StringComparer.Ordinal));
        Assert.All(shared, file => Assert.True(file.Value.AsSpan().SequenceEqual(embedded[file.Key]), $"{file.Key} differs from {RepoPaths.SharedData}"));
    }

    [Fact]
    public void EmbeddedCsvFiles_AreTheFilesInTheSourceFolder()
    {
        var folder = RepoPaths.ReferenceData;
        var embedded = Embedded();
        Assert.Equal(Directory.GetFiles(folder, "*.csv").Select(Path.GetFileName).Order(StringComparer.Ordinal), embedded.Keys.Order(StringComparer.Ordinal));
        Assert.All(embedded, file => Assert.True(file.Value.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(folder, file.Key))), file.Key));
    }

    [Fact]
    public void ReadCsv_QuotedNameStaysWhole() =>
        Assert.Contains(ReferenceDataLoader.ReadCsv("gemeenten-2023.csv"), r => r["code"] == "GM0820" && r["name"] == "Nuenen, Gerwen en Nederwetten");
}
