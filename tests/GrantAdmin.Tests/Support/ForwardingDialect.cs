using System.Data.Common;
using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Tests.Support;

/// <summary>The test engine's own dialect, for a test that changes or watches one member of it in a subclass.</summary>
public class ForwardingDialect : SqlDialect
{
    protected static readonly SqlDialect Actual = TestApp.OnSqlServer ? SqlServer : Sqlite;
    public override string Engine => Actual.Engine;
    public override string MigrationsFolder => Actual.MigrationsFolder;
    public override string SelectInsertedIdSuffix => Actual.SelectInsertedIdSuffix;
    public override string PageClause => Actual.PageClause;
    public override string? LockRoundSql => Actual.LockRoundSql;
    public override string? ReadTransactionsUnavailableSql => Actual.ReadTransactionsUnavailableSql;
    public override DbConnection CreateConnection(string connectionString) => Actual.CreateConnection(connectionString);
    public override DbTransaction BeginWriteTransaction(DbConnection connection) => Actual.BeginWriteTransaction(connection);
    public override DbTransaction BeginReadTransaction(DbConnection connection) => Actual.BeginReadTransaction(connection);
    public override bool IsUniqueViolation(DbException e) => Actual.IsUniqueViolation(e);
}
