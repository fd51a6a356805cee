namespace GrantAdmin.Web.Infrastructure;

/// <summary>Field → Dutch message pairs; a handler returns these instead of throwing for bad input.</summary>
public sealed class Errors : Dictionary<string, string>
{
    public bool None => Count == 0;

    public Errors Add(string field, string message, bool when)
    {
        if (when) TryAdd(field, message);
        return this;
    }
}

public sealed record Outcome<T>(T? Value, Errors Errors)
{
    public bool Succeeded => Errors.None;
    public static Outcome<T> Ok(T value) => new(value, new Errors());
    public static Outcome<T> Fail(Errors errors) => new(default, errors);
    public static Outcome<T> Fail(string field, string message) => new(default, new Errors { [field] = message });
}
