using GrantAdmin.Web.Infrastructure;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>The per-process cache of the programme pages: a value is served only for the data version it was made at, within a size bound.</summary>
public sealed class VersionedCacheTests
{
    private static Func<string, long> Size => s => s.Length;

    [Fact]
    public async Task SameVersion_IsServedFromTheCache_WithoutMakingItAgain()
    {
        var cache = new VersionedCache();
        var made = 0;
        for (var i = 0; i < 3; i++)
            Assert.Equal("a", await cache.GetOrCreateAsync("page", 7, () => { made++; return Task.FromResult("a"); }, Size));
        Assert.Equal(1, made);
    }

    [Fact]
    public async Task NewVersion_IsMadeAgain_AndAnOldVersionIsNeverServed()
    {
        var cache = new VersionedCache();
        await cache.GetOrCreateAsync("page", 1, () => Task.FromResult("one"), Size);
        Assert.Equal("two", await cache.GetOrCreateAsync("page", 2, () => Task.FromResult("two"), Size));
        // A request that read version 1 before a write landed makes its own value, and does not push out version 2's.
        Assert.Equal("late", await cache.GetOrCreateAsync("page", 1, () => Task.FromResult("late"), Size));
        Assert.Equal("two", await cache.GetOrCreateAsync("page", 2, () => Task.FromResult("never"), Size));
        Assert.Equal("three", await cache.GetOrCreateAsync("page", 3, () => Task.FromResult("three"), Size));
    }

    [Fact]
    public async Task Keys_AreApart()
    {
        var cache = new VersionedCache();
        await cache.GetOrCreateAsync(VersionedCache.Key("p", ("a", "x&b=y")), 1, () => Task.FromResult("first"), Size);
        Assert.Equal("second", await cache.GetOrCreateAsync(VersionedCache.Key("p", ("a", "x"), ("b", "y")), 1, () => Task.FromResult("second"), Size));
    }

    [Fact]
    public async Task Bound_LeastRecentlyUsedGoFirst_AndTheSizeStaysWithinIt()
    {
        var cache = new VersionedCache(maxBytes: 100);
        await cache.GetOrCreateAsync("a", 1, () => Task.FromResult(new string('a', 40)), Size);
        await cache.GetOrCreateAsync("b", 1, () => Task.FromResult(new string('b', 40)), Size);
        await cache.GetOrCreateAsync("a", 1, () => Task.FromResult("not made: a is kept"), Size); // a is now used after b
        await cache.GetOrCreateAsync("c", 1, () => Task.FromResult(new string('c', 40)), Size);

        Assert.Equal(80, cache.Bytes);
        Assert.Equal(2, cache.Count);
        Assert.Equal(new string('a', 40), await cache.GetOrCreateAsync("a", 1, () => Task.FromResult("made again"), Size));
        Assert.Equal("b was dropped", await cache.GetOrCreateAsync("b", 1, () => Task.FromResult("b was dropped"), Size));

        for (var i = 0; i < 1000; i++) await cache.GetOrCreateAsync($"k{i}", 1, () => Task.FromResult(new string('x', 30)), Size);
        Assert.InRange(cache.Bytes, 0, 100);
        // A value larger than the whole bound is served but not kept.
        Assert.Equal(200, (await cache.GetOrCreateAsync("big", 1, () => Task.FromResult(new string('x', 200)), Size)).Length);
        Assert.InRange(cache.Bytes, 0, 100);
    }
}
