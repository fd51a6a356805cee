using System.Threading.RateLimiting;
using GrantAdmin.Tests.Support;
using GrantAdmin.Web.Infrastructure;
using GrantAdmin.Web.Infrastructure.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;

namespace GrantAdmin.Tests.Infrastructure;

/// <summary>A server works on a bounded number of requests at once; the rest wait their turn, the health probes never.</summary>
public sealed class RequestConcurrencyTests(TestApp app) : AppTest(app)
{
    [Fact]
    public async Task Limiter_BeyondTheLimit_QueuesOldestFirst_AndRefusesBeyondTheQueue()
    {
        using var limiter = RequestConcurrency.Limiter(new RequestConcurrencySettings { ConcurrentRequests = 2, QueuedRequests = 2 });
        var running = new[] { await limiter.AcquireAsync(new DefaultHttpContext()), await limiter.AcquireAsync(new DefaultHttpContext()) };

        var first = limiter.AcquireAsync(new DefaultHttpContext()).AsTask();
        var second = limiter.AcquireAsync(new DefaultHttpContext()).AsTask();
        using var beyondTheQueue = await limiter.AcquireAsync(new DefaultHttpContext());

        Assert.All(running, lease => Assert.True(lease.IsAcquired));
        Assert.False(first.IsCompleted);
        Assert.False(beyondTheQueue.IsAcquired);
        running[0].Dispose();
        using var firstLease = await first.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(firstLease.IsAcquired);
        Assert.False(second.IsCompleted);
        running[1].Dispose();
        using var secondLease = await second.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(secondLease.IsAcquired);
    }

    [Fact]
    public void Defaults_AreValid()
    {
        Assert.Empty(Settings.Problems(new RequestConcurrencySettings(), "Limits"));
    }

    [Theory]
    [InlineData(Health.LivePath)]
    [InlineData(Health.ReadyPath)]
    public void HealthProbes_AreNotLimited(string path)
    {
        var endpoint = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => "/" + e.RoutePattern.RawText?.TrimStart('/') == path);

        Assert.NotNull(endpoint.Metadata.GetMetadata<DisableRateLimitingAttribute>());
    }
}
