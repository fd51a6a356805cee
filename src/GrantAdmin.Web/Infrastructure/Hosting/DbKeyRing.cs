using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace GrantAdmin.Web.Infrastructure.Hosting;

/// <summary>
/// The data-protection key ring in our own database: every web server protects cookies and form tokens with the same
/// keys and reads the keys another server made, with no shared folder. The framework calls this synchronously, rarely
/// (at start, when a key is missing, and when it makes a new key every 90 days), and caches what it reads.
/// </summary>
public sealed class DbKeyRing(Db db) : IXmlRepository
{
    internal const string AllSql = "SELECT xml FROM data_protection_keys ORDER BY id";

    // Two servers that start on an empty ring may each make a key: both are kept, and each reads the other's.
    internal const string InsertSql = """
        INSERT INTO data_protection_keys (friendly_name, xml)
        SELECT @name, @xml WHERE NOT EXISTS (SELECT 1 FROM data_protection_keys WHERE friendly_name = @name)
        """;

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = db.Dialect.CreateConnection(db.ConnectionString);
        connection.Open();
        return connection.Query<string>(AllSql).Select(XElement.Parse).ToList();
    }

    public void StoreElement(XElement element, string friendlyName) =>
        db.WriteAsync(w => w.Tx.ExecuteAsync(InsertSql, new { name = friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) }, CancellationToken.None))
            .GetAwaiter().GetResult();
}
