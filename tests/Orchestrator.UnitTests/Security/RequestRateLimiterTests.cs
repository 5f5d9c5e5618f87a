using Orchestrator.Options;
using Orchestrator.Security;

namespace Orchestrator.UnitTests.Security;

public sealed class RequestRateLimiterTests
{
    private static readonly CallerIdentity ReaderA = new("r", "a", ApiRole.TenantReader);
    private static readonly CallerIdentity AdminA = new("adm", "a", ApiRole.TenantAdmin);
    private static readonly CallerIdentity AdminB = new("b", "b", ApiRole.TenantAdmin);
    private static readonly CallerIdentity Operator = new("op", null, ApiRole.Operator);

    [Fact]
    public void TryAcquire_BurstSpent_RefusesWithRetryAfter_ThenRefillsWithTime()
    {
        var clock = new ManualClock();
        var limiter = Limiter(clock, perMinute: 60, burst: 3);

        Assert.All(Enumerable.Range(0, 3), _ => Assert.Null(limiter.TryAcquire(ReaderA)));
        Assert.Equal(TimeSpan.FromSeconds(1), limiter.TryAcquire(AdminA)); // the tenant's callers share one bucket
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(limiter.TryAcquire(AdminA));
        Assert.NotNull(limiter.TryAcquire(AdminA));
    }

    [Fact]
    public void TryAcquire_OneTenantSpent_OtherTenantsAndOperatorsGoOn()
    {
        var limiter = Limiter(new ManualClock(), perMinute: 60, burst: 1);

        Assert.Null(limiter.TryAcquire(AdminA));
        Assert.NotNull(limiter.TryAcquire(AdminA));
        Assert.Null(limiter.TryAcquire(AdminB));
        Assert.All(Enumerable.Range(0, 50), _ => Assert.Null(limiter.TryAcquire(Operator)));
    }

    private static RequestRateLimiter Limiter(TimeProvider clock, int perMinute, int burst) => new(
        Microsoft.Extensions.Options.Options.Create(new LimitsOptions { TenantRequestsPerMinute = perMinute, TenantBurst = burst, OperatorRequestsPerMinute = 6000 }), clock);

    /// <summary>A clock that moves only when told.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => this.ticks;

        public void Advance(TimeSpan by) => this.ticks += by.Ticks;
    }
}
