namespace GrantAdmin.Web.Infrastructure;

/// <summary>
/// What a page computed from the database, kept per process until the data it was made from changes: an entry is made for
/// a key at a <see cref="DataVersion"/> and served only to a request that read that same version, so an older one is never
/// served (another process's writes move the version in the database too). Bounded by the entries' sizes: the least
/// recently used go first, so the process stays within its memory however many filter combinations are asked for.
/// </summary>
public sealed class VersionedCache(long maxBytes = VersionedCache.DefaultMaxBytes)
{
    /// <summary>A few dozen overview pages (about 340 KB each as a string) and their exports.</summary>
    public const long DefaultMaxBytes = 32 * 1024 * 1024;

    private sealed record Entry(long Version, object Value, long Bytes)
    {
        public long LastUsed;
    }

    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private long bytes;
    private long clock;

    /// <summary>A key from a name and request values, each escaped as in a query string, so no two value lists give one key.</summary>
    public static string Key(string name, params (string Name, string? Value)[] values) =>
        name + QueryString.Create(values.Select(v => KeyValuePair.Create(v.Name, v.Value))).ToUriComponent();

    /// <summary>The sum of the entries' sizes (their own estimate), never above the bound after an insert.</summary>
    public long Bytes { get { lock (gate) return bytes; } }

    public int Count { get { lock (gate) return entries.Count; } }

    /// <summary>
    /// The value for <paramref name="key"/> made at <paramref name="version"/>, or a new one from <paramref name="create"/>.
    /// Read the version before the data (<see cref="DataVersion.ReadAsync"/>): a value is then never older than its version.
    /// </summary>
    public async Task<T> GetOrCreateAsync<T>(string key, long version, Func<Task<T>> create, Func<T, long> sizeOf) where T : notnull
    {
        lock (gate)
        {
            if (entries.TryGetValue(key, out var hit) && hit.Version == version && hit.Value is T value)
            {
                hit.LastUsed = ++clock;
                return value;
            }
        }
        var made = await create();
        Put(key, new Entry(version, made, sizeOf(made)));
        return made;
    }

    /// <summary>Forgets everything: the database under this process was emptied (the test reset), as a restore would need a restart.</summary>
    public void Clear()
    {
        lock (gate)
        {
            entries.Clear();
            bytes = 0;
        }
    }

    private void Put(string key, Entry entry)
    {
        if (entry.Bytes > maxBytes) return; // would push out everything else
        lock (gate)
        {
            // A request that read an older version (a write landed meanwhile) never replaces a newer entry.
            if (entries.TryGetValue(key, out var known))
            {
                if (known.Version > entry.Version) return;
                bytes -= known.Bytes;
            }
            entry.LastUsed = ++clock;
            entries[key] = entry;
            bytes += entry.Bytes;
            if (bytes <= maxBytes) return;
            foreach (var (oldKey, old) in entries.OrderBy(e => e.Value.LastUsed).ToList())
            {
                if (bytes <= maxBytes) break;
                entries.Remove(oldKey);
                bytes -= old.Bytes;
            }
        }
    }
}
