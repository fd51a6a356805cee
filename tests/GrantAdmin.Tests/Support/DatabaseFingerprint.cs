using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace GrantAdmin.Tests.Support;

/// <summary>
/// A hash of every row of every table of the app's database: equal fingerprints before and after a request mean
/// the request changed nothing stored. Rows are compared as sorted text, so neither engine's row order matters.
/// One kind of row is left out on purpose: a staged upload (a plan file no application holds yet), which a refused
/// form keeps so that the user need not choose the file again (bounded per user and gemeente, purged after a day).
/// </summary>
public static class DatabaseFingerprint
{
    public static async Task<string> OfAsync(TestApp app)
    {
        await using var connection = await app.Db.OpenAsync();
        var tables = await connection.QueryAsync<string>(TestApp.OnSqlServer
            ? "SELECT TABLE_SCHEMA + '.' + TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA <> 'HangFire' ORDER BY 1"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in tables)
        {
            // Table names come from the catalogue above, never from input.
            var quoted = TestApp.OnSqlServer ? string.Join('.', table.Split('.').Select(p => $"[{p}]")) : $"\"{table}\"";
            var staged = table.EndsWith("plan_files", StringComparison.Ordinal) ? " WHERE application_id IS NOT NULL" : "";
            await using var reader = await connection.ExecuteReaderAsync($"SELECT * FROM {quoted}{staged}");
            var rows = new List<string>();
            var values = new object[reader.FieldCount];
            while (await reader.ReadAsync())
            {
                reader.GetValues(values);
                rows.Add(string.Join('\u001f', values.Select(Text)));
            }
            rows.Sort(StringComparer.Ordinal);
            hash.AppendData(Encoding.UTF8.GetBytes($"{table}\u001e{string.Join('\u001d', rows)}\u001c"));
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static string Text(object value) => value switch
    {
        DBNull => "\u2400",
        byte[] bytes => Convert.ToHexString(bytes),
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
