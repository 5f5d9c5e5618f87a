using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orchestrator.Options;

namespace Orchestrator.Security;

/// <summary>
/// Token buckets per tenant (all of a tenant's callers share one) and per operator subject, refilled continuously at
/// the configured rate (<see cref="LimitsOptions"/>). <see cref="ApiGate"/> asks it after a caller is admitted; a
/// refusal is a 429 with Retry-After. Time comes from <see cref="TimeProvider"/>, so the buckets are testable without
/// waiting.
/// </summary>
public sealed class RequestRateLimiter(IOptions<LimitsOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Bucket> buckets = new(StringComparer.Ordinal);

    /// <summary>
    /// Takes one request from <paramref name="caller"/>'s bucket. Returns null when the request may go on, otherwise
    /// how long until the bucket holds a request again.
    /// </summary>
    public TimeSpan? TryAcquire(CallerIdentity caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var limits = options.Value;
        (string key, double perMinute, double size) = caller.Role == ApiRole.Operator
            ? ("operator:" + caller.Subject, limits.OperatorRequestsPerMinute, limits.OperatorRequestsPerMinute)
            : ("tenant:" + caller.Tenant, limits.TenantRequestsPerMinute, limits.TenantBurst);
        if (perMinute <= 0)
        {
            return null;
        }

        var bucket = this.buckets.GetOrAdd(key, _ => new Bucket(size, time.GetTimestamp()));
        return bucket.Take(perMinute / 60.0, size, time);
    }

    /// <summary>One bucket: its tokens and when they were last refilled.</summary>
    private sealed class Bucket(double tokens, long refilledAt)
    {
        private readonly Lock gate = new();
        private double tokens = tokens;
        private long refilledAt = refilledAt;

        public TimeSpan? Take(double perSecond, double size, TimeProvider time)
        {
            lock (this.gate)
            {
                long now = time.GetTimestamp();
                this.tokens = Math.Min(size, this.tokens + (time.GetElapsedTime(this.refilledAt, now).TotalSeconds * perSecond));
                this.refilledAt = now;
                if (this.tokens >= 1)
                {
                    this.tokens -= 1;
                    return null;
                }

                return TimeSpan.FromSeconds(Math.Ceiling((1 - this.tokens) / perSecond));
            }
        }
    }
}
