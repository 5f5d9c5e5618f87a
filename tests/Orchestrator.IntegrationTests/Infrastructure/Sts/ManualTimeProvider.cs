namespace Orchestrator.IntegrationTests.Infrastructure.Sts;

/// <summary>A clock that only moves when a test says so (expiry without waiting). Thread-safe.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long utcTicks = start.UtcTicks;

    /// <summary>Starts at the current UTC time truncated to whole seconds (STS expirations have second precision).</summary>
    public ManualTimeProvider()
        : this(new DateTimeOffset(DateTime.UtcNow.Ticks - (DateTime.UtcNow.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref this.utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref this.utcTicks, by.Ticks);

    public void SetUtcNow(DateTimeOffset now) => Interlocked.Exchange(ref this.utcTicks, now.UtcTicks);
}
