using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Operations;

/// <summary>Configuration section <c>Operations</c>: history retention, purge batches and how cancel cleans up.</summary>
public sealed class OperationsOptions
{
    public const string SectionName = "Operations";

    /// <summary>Durable history of finished runs older than this many days is purged by the daily timer.</summary>
    [Range(1, 3650)]
    public int HistoryRetentionDays { get; set; } = 30;

    /// <summary>Instances purged per batch (one query page, then one purge call per instance).</summary>
    [Range(1, 1000)]
    public int PurgeBatchSize { get; set; } = 100;

    /// <summary>Cancel: the key must show no multipart upload for this long before cleanup is considered done.</summary>
    public TimeSpan CancelQuietPeriod { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Cancel: the longest it waits for the instance to stop and its uploads to stay gone.</summary>
    public TimeSpan CancelMaxWait { get; set; } = TimeSpan.FromSeconds(60);
}
