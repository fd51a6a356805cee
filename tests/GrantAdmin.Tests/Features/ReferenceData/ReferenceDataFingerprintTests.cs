using CsCheck;
using Dapper;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Features.ReferenceData;

namespace GrantAdmin.Tests.Features.ReferenceData;

/// <summary>The fingerprint of the shipped reference data: a start loads only when it differs from the stored one (issue 16).</summary>
public sealed class ReferenceDataFingerprintTests
{
    private static readonly Gen<(string Name, byte[] Content)[]> Files =
        Gen.Select(Gen.String.AlphaNumeric, Gen.Byte.Array[0, 64]).Array[1, 6]
            .Where(files => files.Select(f => f.Item1).Distinct().Count() == files.Length);

    [Fact]
    public void AnyOneByteChanged_ChangesTheFingerprint() =>
        Gen.Select(Files, Gen.Int[0, 1000], Gen.Byte[1, 255]).Sample((files, pick, flip) =>
        {
            var withContent = files.Where(f => f.Content.Length > 0).ToArray();
            if (withContent.Length == 0) return true;
            var (name, content) = withContent[pick % withContent.Length];
            var changed = (byte[])content.Clone();
            changed[pick % changed.Length] ^= flip;
            var other = files.Select(f => f.Name == name ? (name, changed) : f);
            return ReferenceDataLoader.Fingerprint(Guid.Empty, files) != ReferenceDataLoader.Fingerprint(Guid.Empty, other);
        });

    [Fact]
    public void AnyOrderOfTheSameFiles_GivesTheSameFingerprint() =>
        Gen.Select(Files, Gen.Int).Sample((files, seed) =>
            ReferenceDataLoader.Fingerprint(Guid.Empty, files)
            == ReferenceDataLoader.Fingerprint(Guid.Empty, files.OrderBy(_ => new Random(seed).Next()).ToArray()));

    [Fact]
    public void OtherCode_ChangesTheFingerprint()
    {
        (string, byte[])[] files = [("gemeenten-2023.csv", "code,name\nGM0518,'s-Gravenhage\n"u8.ToArray())];
        Assert.NotEqual(ReferenceDataLoader.Fingerprint(Guid.Empty, files), ReferenceDataLoader.Fingerprint(Guid.NewGuid(), files));
    }

    [Fact]
    public void ABoundaryMovedBetweenNameAndContent_ChangesTheFingerprint()
    {
        (string, byte[])[] one = [("a.csv", "xy"u8.ToArray())];
        (string, byte[])[] other = [("a.csvx", "y"u8.ToArray())];
        Assert.NotEqual(ReferenceDataLoader.Fingerprint(Guid.Empty, one), ReferenceDataLoader.Fingerprint(Guid.Empty, other));
    }
}

/// <summary>The start's load against the database: skipped when the shipped data is what was loaded last, done when not.</summary>
public sealed class ReferenceDataStartTests(TestApp app) : AppTest(app)
{
    private const string TheHague = "GM0518";

    private async Task<string> NameAsync(string code)
    {
        await using var connection = await App.Db.OpenAsync(TestContext.Current.CancellationToken);
        return await connection.QuerySingleAsync<string>("SELECT name FROM municipalities WHERE cbs_code = @code", new { code });
    }

    private async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await App.Db.OpenAsync(TestContext.Current.CancellationToken);
        await connection.ExecuteAsync(sql, parameters);
    }

    private async Task<bool> LoadIfChangedAsync()
    {
        using var scope = App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ReferenceDataLoader>().LoadIfChangedAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Unchanged_IsNotLoadedAgain()
    {
        // The gemeente lists outlive each test's reset: the name is put back whatever the outcome.
        try
        {
            await ExecuteAsync("UPDATE municipalities SET name = 'Den Haag (hier veranderd)' WHERE cbs_code = @code", new { code = TheHague });

            Assert.False(await LoadIfChangedAsync());

            Assert.Equal("Den Haag (hier veranderd)", await NameAsync(TheHague));
        }
        finally
        {
            using var scope = App.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<ReferenceDataLoader>().LoadAsync(TestContext.Current.CancellationToken);
        }
    }

    [Theory]
    [InlineData("UPDATE reference_data_state SET fingerprint = 'loaded by an older version'")]
    [InlineData("DELETE FROM reference_data_state")]
    public async Task ShippedDataChanged_OrNeverLoaded_IsLoaded_AndItsFingerprintStored(string storedBefore)
    {
        await ExecuteAsync(storedBefore);
        await ExecuteAsync("UPDATE municipalities SET name = 'Den Haag (hier veranderd)' WHERE cbs_code = @code", new { code = TheHague });

        Assert.True(await LoadIfChangedAsync());

        Assert.Equal("'s-Gravenhage", await NameAsync(TheHague));
        await using var connection = await App.Db.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal(ReferenceDataLoader.ShippedFingerprint, await connection.QuerySingleAsync<string>("SELECT fingerprint FROM reference_data_state"));
        Assert.False(await LoadIfChangedAsync());
    }
}
