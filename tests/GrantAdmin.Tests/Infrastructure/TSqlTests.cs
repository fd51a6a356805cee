using System.Reflection;
using GrantAdmin.Web.Infrastructure;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>
/// SQL Server cannot run here, so every T-SQL text (the SQL Server migrations and every query constant, which
/// runs on both engines) is parsed as T-SQL: a syntax error that only SQL Server would see fails this suite.
/// </summary>
public sealed partial class TSqlTests
{
    private static readonly string MigrationsRoot = Path.Combine(RepositoryRoot(), "db", "migrations");

    /// <summary>Every <c>const string …Sql</c> field of the web assembly, nested types included, by "Type.Field".</summary>
    internal static readonly IReadOnlyDictionary<string, string> Queries = typeof(Program).Assembly.GetTypes()
        .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .Where(field => field is { IsLiteral: true, IsInitOnly: false } && field.FieldType == typeof(string)
            && field.Name.EndsWith("Sql", StringComparison.Ordinal))
        .ToDictionary(QueryName, field => (string)field.GetRawConstantValue()!);

    public static TheoryData<string> SqlServerMigrations() =>
        new(Directory.GetFiles(Path.Combine(MigrationsRoot, "sqlserver"), "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    public static TheoryData<string> QueryConstants() => new(Queries.Keys.Order(StringComparer.Ordinal));

    private static readonly string OperationsGuide = Path.Combine(RepositoryRoot(), "docs", "operations.md");

    /// <summary>The ```sql blocks of a Markdown text, by the line their first statement is on.</summary>
    internal static IReadOnlyDictionary<int, string> SqlBlocks(string markdown)
    {
        var blocks = new Dictionary<int, string>();
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() != "```sql") continue;
            var end = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == "```");
            if (end < 0) throw new InvalidOperationException($"The ```sql block at line {i + 1} is not closed.");
            blocks[i + 2] = string.Join('\n', lines[(i + 1)..end]);
            i = end;
        }
        return blocks;
    }

    public static TheoryData<int> OperationsGuideBlocks() => new(SqlBlocks(File.ReadAllText(OperationsGuide)).Keys);

    [Theory, MemberData(nameof(SqlServerMigrations))]
    public void SqlServerMigration_ParsesAsTSql(string file)
    {
        var problems = Check($"db/migrations/sqlserver/{file}", File.ReadAllText(Path.Combine(MigrationsRoot, "sqlserver", file)));

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory, MemberData(nameof(QueryConstants))]
    public void QueryConstant_ParsesAsTSql_AlsoWithTheInsertedIdSuffix(string name)
    {
        var sql = Queries[name];

        var problems = Check(name, sql);
        if (problems.Count == 0 && IsInsert(sql))
            problems = Check($"{name} + SqlDialect.SqlServer.SelectInsertedIdSuffix", sql + SqlDialect.SqlServer.SelectInsertedIdSuffix);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory, MemberData(nameof(OperationsGuideBlocks))]
    public void OperationsGuideBlock_ParsesAsTSql(int line)
    {
        var problems = Check($"docs/operations.md, block at line {line}", SqlBlocks(File.ReadAllText(OperationsGuide))[line]);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void SqlBlocks_AreFound_AndOnlySqlBlocks()
    {
        var blocks = SqlBlocks("text\n```sql\nSELECT 1;\n```\n```bash\necho\n```\n```sql\nSELECT 2;\nGO\n```\n");

        Assert.Equal([3, 9], blocks.Keys);
        Assert.Equal("SELECT 2;\nGO", blocks[9]);
        Assert.True(OperationsGuideBlocks().Count >= 5); // the guide's own scripts are found
    }

    [Fact]
    public void SqlServerPageClause_ParsesAfterAnOrderBy()
    {
        var problems = Check("SqlDialect.SqlServer.PageClause", "SELECT id FROM users ORDER BY id " + SqlDialect.SqlServer.PageClause);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void SqlServerRoundLock_IsAnUpdlockHoldlockSelect()
    {
        var problems = Check("SqlDialect.SqlServer.LockRoundSql", SqlDialect.SqlServer.LockRoundSql!);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Contains("WITH (UPDLOCK, HOLDLOCK)", SqlDialect.SqlServer.LockRoundSql);
    }

    [Fact]
    public void QueuePages_ParseInBothDirections()
    {
        foreach (var byState in new[] { false, true })
        foreach (var byProvince in new[] { false, true })
        foreach (var wholeKenmerk in new[] { false, true })
        foreach (var backwards in new[] { false, true })
        {
            var problems = Check($"Queue.Handler.LinesQuery(byState: {byState}, byProvince: {byProvince}, wholeKenmerk: {wholeKenmerk}, backwards: {backwards})",
                GrantAdmin.Web.Features.Cases.Queue.Handler.LinesQuery(SqlDialect.SqlServer, byState, byProvince, wholeKenmerk, backwards));
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }
    }

    [Fact]
    public void MigrationFolders_HoldTheSameFileNames()
    {
        string[] Names(string engine) => Directory.GetFiles(Path.Combine(MigrationsRoot, engine), "*.sql")
            .Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();

        Assert.NotEmpty(Names("sqlserver"));
        Assert.Equal(Names("sqlite"), Names("sqlserver"));
    }

    [Fact]
    public void QueryConstants_AreFound()
    {
        // Guards the reflection above: were it to find nothing, the theory would check nothing.
        Assert.Contains("Features.Account.LoginHandler.FindUserSql", Queries.Keys);
        Assert.Contains("Features.Users.ManageUsers.InsertSql", Queries.Keys);
        Assert.Contains("Infrastructure.Mail.OutboxDispatcher.ClaimSql", Queries.Keys);
    }

    [Fact]
    public void BrokenTSql_IsReported_WithNameLineColumnAndMessage()
    {
        // SQLite's LIMIT is no T-SQL; the second line is where the parser stops.
        var problems = Check("Example.BrokenSql", "SELECT id\nFROM users LIMIT 1");

        var problem = Assert.Single(problems);
        Assert.StartsWith("Example.BrokenSql (line 2, column 12): ", problem);
        Assert.Contains("LIMIT", problem);
    }

    [Fact]
    public void Insert_IsRecognised_OnlyForInsertStatements()
    {
        Assert.True(IsInsert("INSERT INTO users (email) VALUES (@email)"));
        Assert.False(IsInsert("UPDATE users SET email = @email WHERE id = @id"));
        Assert.False(IsInsert("SELECT id FROM users"));
    }

    /// <summary>One line per parser error: where (source, line, column) and what the parser says.</summary>
    private static List<string> Check(string source, string sql)
    {
        // Dapper's list parameter ("IN @ids", style.md) reaches the server as "IN (@ids1, @ids2, …)": parse that shape.
        using var reader = new StringReader(DapperList().Replace(sql, "IN ($1)"));
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(reader, out var errors);
        return errors.Select(e => $"{source} (line {e.Line}, column {e.Column}): {e.Message}").ToList();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\bIN\s+(@\w+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex DapperList();

    private static bool IsInsert(string sql)
    {
        using var reader = new StringReader(sql);
        var script = (TSqlScript)new TSql160Parser(initialQuotedIdentifiers: true).Parse(reader, out _);
        return script.Batches.SelectMany(b => b.Statements).LastOrDefault() is InsertStatement;
    }

    private static string QueryName(FieldInfo field) =>
        $"{field.DeclaringType!.FullName!.Replace('+', '.').Replace("GrantAdmin.Web.", "", StringComparison.Ordinal)}.{field.Name}";

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "GrantAdmin.sln"))) return folder.FullName;
        throw new InvalidOperationException($"GrantAdmin.sln not found above {AppContext.BaseDirectory}.");
    }
}
