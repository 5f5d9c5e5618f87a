using Orchestrator.Logging;

namespace Orchestrator.Runs;

/// <summary>One run as recorded in Table Storage (PartitionKey = tenant, RowKey = run id). Never holds a secret.</summary>
public sealed record RunRecord : IDestinationScoped
{
    public required string TenantId { get; init; }

    public required string RunId { get; init; }

    public required string Kind { get; init; }

    public required string DestinationId { get; init; }

    public string? Report { get; init; }

    public DateOnly? Period { get; init; }

    public RunStatus Status { get; init; }

    public long Bytes { get; init; }

    public long Rows { get; init; }

    public int Parts { get; init; }

    public string? ObjectKey { get; init; }

    /// <summary>Imports: files found under the prefix, imported, skipped as unchanged, and failed.</summary>
    public int FilesSeen { get; init; }

    public int FilesImported { get; init; }

    public int FilesSkipped { get; init; }

    public int FilesFailed { get; init; }

    /// <summary>Imports: rows rejected (reported in the error report).</summary>
    public long RowsRejected { get; init; }

    /// <summary>Imports: users removed (<c>_delete</c> rows, a delete run, a mirror's sweep).</summary>
    public long RowsDeleted { get; init; }

    /// <summary>Imports: of <see cref="Rows"/> (rows stored), those that created their user.</summary>
    public long RowsInserted { get; init; }

    /// <summary>Imports: of <see cref="Rows"/> (rows stored), those that updated an existing user.</summary>
    public long RowsUpdated { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public string? Error { get; init; }

    /// <summary>Exports: the bucket written and the ETags S3 gave the object and its manifest (what retention may delete).</summary>
    public string? Bucket { get; init; }

    public string? ObjectETag { get; init; }

    public string? ManifestKey { get; init; }

    public string? ManifestETag { get; init; }

    /// <summary>Exports: objects of older runs this run's retention step deleted, and their keys (one per line).</summary>
    public int RetentionDeleted { get; init; }

    public string? RetentionDeletedKeys { get; init; }

    /// <summary>When retention decided about this run's objects (deleted, changed by the customer, or gone): never again.</summary>
    public DateTimeOffset? RetentionAppliedAt { get; init; }
}
