namespace Orchestrator.IntegrationTests.Infrastructure.Sts;

/// <summary>
/// How the <see cref="StsResponder"/> answers AssumeRole for one role ARN. Mutable while the responder runs;
/// every member is thread-safe.
/// </summary>
public sealed class StsRoleRule
{
    private int throttleRemaining;
    private int expiredTokenRemaining;
    private long lifetimeTicks = TimeSpan.FromHours(1).Ticks;

    internal StsRoleRule(string roleArn) => this.RoleArn = roleArn;

    public string RoleArn { get; }

    /// <summary>
    /// The ExternalId the role's trust policy requires: a request without it or with another value is answered
    /// 403 AccessDenied. Null: the trust policy has no ExternalId condition (any or none is accepted).
    /// </summary>
    public string? RequiredExternalId { get; set; }

    /// <summary>
    /// Lifetime of issued credentials (Expiration = responder clock + this). Default 1 hour. Null: use the requested
    /// DurationSeconds (3600 when absent), as AWS does.
    /// </summary>
    public TimeSpan? CredentialLifetime
    {
        get => Interlocked.Read(ref this.lifetimeTicks) is var t && t < 0 ? null : TimeSpan.FromTicks(t);
        set => Interlocked.Exchange(ref this.lifetimeTicks, value?.Ticks ?? -1);
    }

    /// <summary>Calls still to be answered 400 Throttling.</summary>
    public int ThrottleRemaining => Volatile.Read(ref this.throttleRemaining);

    /// <summary>Calls still to be answered 403 ExpiredToken (our source session expired).</summary>
    public int ExpiredTokenRemaining => Volatile.Read(ref this.expiredTokenRemaining);

    /// <summary>Answers the next <paramref name="calls"/> AssumeRole calls for this role with 400 Throttling (0 stops).</summary>
    public StsRoleRule ThrottleNext(int calls)
    {
        Volatile.Write(ref this.throttleRemaining, calls);
        return this;
    }

    /// <summary>Answers the next <paramref name="calls"/> AssumeRole calls with 403 ExpiredToken (0 stops).</summary>
    public StsRoleRule ExpiredTokenNext(int calls)
    {
        Volatile.Write(ref this.expiredTokenRemaining, calls);
        return this;
    }

    internal bool TryConsumeThrottle() => TryConsume(ref this.throttleRemaining);

    internal bool TryConsumeExpiredToken() => TryConsume(ref this.expiredTokenRemaining);

    private static bool TryConsume(ref int counter)
    {
        while (true)
        {
            int current = Volatile.Read(ref counter);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}
