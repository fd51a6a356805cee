using System.Data;
using Dapper;

namespace GrantAdmin.Web.Infrastructure;

/// <summary>Registers once what Dapper needs to map our column conventions on both engines.</summary>
public static class TypeHandlers
{
    private static int registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1) return;
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
        MapPositionalRecords(typeof(TypeHandlers).Assembly);
        MapPositionalRecords(typeof(Features.Ranking.Ledger).Assembly); // the pure ranking library's records (LedgerEntry) are read too
    }

    public static void MapPositionalRecords(System.Reflection.Assembly assembly)
    {
        foreach (var type in assembly.GetTypes().Where(IsPositionalRecord))
            SqlMapper.SetTypeMap(type, new PositionalRecordMap(type));
    }

    private static bool IsPositionalRecord(Type type) =>
        type is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && type.GetMethod("<Clone>$") is not null
        && type.GetConstructors().Any(c => c.GetParameters().Length > 0 && c.GetParameters()[0].ParameterType != type);

    /// <summary>
    /// Lets Dapper build our records through their primary constructor, columns in parameter order, converting
    /// each value to the parameter's type. Dapper's own map insists on identical types, and SQLite hands back
    /// every integer as Int64 and every date as text.
    /// </summary>
    private sealed class PositionalRecordMap(Type type) : SqlMapper.ITypeMap
    {
        private readonly DefaultTypeMap fallback = new(type);
        private readonly System.Reflection.ConstructorInfo primary = type.GetConstructors()
            .Where(c => c.GetParameters().Length > 0 && c.GetParameters()[0].ParameterType != type)
            .OrderByDescending(c => c.GetParameters().Length).First();

        public System.Reflection.ConstructorInfo? FindConstructor(string[] names, Type[] types)
        {
            var parameters = primary.GetParameters();
            return parameters.Length == names.Length
                && parameters.Zip(names).All(p => string.Equals(p.First.Name, p.Second, StringComparison.OrdinalIgnoreCase))
                ? primary
                : fallback.FindConstructor(names, types);
        }

        public System.Reflection.ConstructorInfo? FindExplicitConstructor() => null;

        public SqlMapper.IMemberMap? GetConstructorParameter(System.Reflection.ConstructorInfo constructor, string columnName) =>
            fallback.GetConstructorParameter(constructor, columnName);

        public SqlMapper.IMemberMap? GetMember(string columnName) => fallback.GetMember(columnName);
    }

    // SQLite returns dates as text; SQL Server as DateTime. Both become a DateOnly.
    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override DateOnly Parse(object value) => value switch
        {
            DateOnly d => d,
            DateTime dt => DateOnly.FromDateTime(dt),
            string s => DateOnly.ParseExact(s, "yyyy-MM-dd"),
            _ => throw new DataException($"Cannot read {value.GetType()} as a date."),
        };

        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            parameter.DbType = DbType.Date;
            parameter.Value = value;
        }
    }
}
