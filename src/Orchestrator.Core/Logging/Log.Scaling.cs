using Microsoft.Extensions.Logging;

namespace Orchestrator.Logging;

/// <summary>Scale: request limits, the attribute counts snapshot, attribute rebalancing: EventIds 5100-5199.</summary>
internal static partial class Log
{
    [LoggerMessage(5100, LogLevel.Warning, "Rate limited: tenant '{Tenant}', subject '{Subject}'; retry after {Seconds} s")]
    public static partial void RateLimited(ILogger logger, string tenant, string subject, long seconds);

    [LoggerMessage(5101, LogLevel.Information, "Attribute counts: shard {Shard} counted {Users} users over {Attributes} attributes")]
    public static partial void AttributeShardCounted(ILogger logger, int shard, long users, int attributes);

    [LoggerMessage(5102, LogLevel.Information, "Attribute counts snapshot {CountId} published: {Users} users as of {AsOf:o}")]
    public static partial void AttributeCountsPublished(ILogger logger, string countId, long users, DateTime asOf);

    [LoggerMessage(5103, LogLevel.Warning, "Attribute counts could not be computed or marked; the previous snapshot stays, served as stale: {Reason}")]
    public static partial void AttributeCountsFailed(ILogger logger, string reason);

    [LoggerMessage(5104, LogLevel.Information, "Attribute counts snapshot {CountId} not published: a newer one ({Current}) is already served")]
    public static partial void AttributeCountsSuperseded(ILogger logger, string countId, string current);

    [LoggerMessage(5105, LogLevel.Information, "Attribute counts marked dirty: generation {Generation}")]
    public static partial void AttributeCountsMarkedDirty(ILogger logger, long generation);

    [LoggerMessage(5106, LogLevel.Warning, "Attribute counts keeper stopped waiting for {Pending} import runs that never signalled their end")]
    public static partial void AttributeCountsStoppedWaiting(ILogger logger, int pending);

    [LoggerMessage(5107, LogLevel.Information, "Mirror: {Unseen} of {Users} users of the source were not in this run's files")]
    public static partial void MirrorPlanned(ILogger logger, long unseen, long users);

    [LoggerMessage(5108, LogLevel.Warning, "Mirror refused, nothing removed: {Reason}")]
    public static partial void MirrorRefused(ILogger logger, string reason);

    [LoggerMessage(5109, LogLevel.Information, "Mirror: shard {Shard} removed {Deleted} users the run's files no longer list")]
    public static partial void MirrorShardSwept(ILogger logger, int shard, long deleted);
}
