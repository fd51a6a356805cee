using Dapper;
using GrantAdmin.Web.Infrastructure;
using Microsoft.Data.Sqlite;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>
/// What every SQLite connection is opened with, a pooled one opened again included: foreign keys, a busy wait, and a small
/// page cache per connection (the pool grows to the peak of concurrent requests; issue 16, peak memory).
/// </summary>
public sealed class SqliteConnectionSettingsTests
{
    [Fact]
    public async Task EveryOpen_HasForeignKeys_ABusyWait_AndASmallPageCache()
    {
        var file = Path.Combine(Path.GetTempPath(), $"grantadmin-pragma-{Guid.NewGuid():N}.db");
        var db = new Db($"Data Source={file}", SqlDialect.Sqlite);
        try
        {
            for (var open = 0; open < 2; open++)
            {
                await using var connection = await db.OpenAsync(TestContext.Current.CancellationToken);
                Assert.Equal(1, await connection.QuerySingleAsync<int>("PRAGMA foreign_keys"));
                Assert.Equal(30000, await connection.QuerySingleAsync<int>("PRAGMA busy_timeout"));
                Assert.Equal(-512, await connection.QuerySingleAsync<int>("PRAGMA cache_size"));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
