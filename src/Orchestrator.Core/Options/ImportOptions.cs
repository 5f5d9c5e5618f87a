using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Options;

/// <summary>Configuration section <c>Import</c>.</summary>
public sealed class ImportOptions
{
    public const string SectionName = "Import";

    /// <summary>Uncompressed bytes one import activity reads before it checkpoints (bounded memory per activity).</summary>
    [Range(1, 1024)]
    public int ChunkMiB { get; set; } = 16;

    /// <summary>The user-id column: a header name, or empty for the first column (CSV) / <c>user_id</c> (JSON Lines).</summary>
    public string? UserIdColumn { get; set; }

    /// <summary>Default prefix under the bucket path where attribute files are picked up.</summary>
    public string DefaultPrefix { get; set; } = "attributes/";

    /// <summary>Largest field accepted (Table Storage strings hold 32 K characters).</summary>
    [Range(1024, 32 * 1024)]
    public int MaxFieldBytes { get; set; } = 32 * 1024;

    /// <summary>Largest row accepted.</summary>
    [Range(4096, 1024 * 1024)]
    public int MaxRecordBytes { get; set; } = 512 * 1024;

    /// <summary>
    /// Partitions per tenant in the attribute store (<c>{tenant}~{shard}</c>): a tenant's import is limited by
    /// shards × the per-partition target, up to the account's (docs/scaling.md). Changing it needs
    /// <c>attributes rebalance</c> per tenant.
    /// </summary>
    [Range(1, Imports.Attributes.AttributeShards.MaxCount)]
    public int AttributeShards { get; set; } = Imports.Attributes.AttributeShards.DefaultCount;

    /// <summary>
    /// Largest share (0-1) of a source's users a mirror import may remove; above it the run fails, naming the numbers,
    /// and removes nothing.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MirrorMaxDeleteShare { get; set; } = 0.10;

    /// <summary>
    /// Files one generation of an import orchestration lists and handles before it continues as new (ContinueAsNew,
    /// carrying only counters and the listing cursor), so a prefix of thousands of files keeps the history bounded.
    /// </summary>
    [Range(1, 1000)]
    public int FilesPerGeneration { get; set; } = 200;

    /// <summary>Distinct values counted per attribute in a counts snapshot; values beyond it are summed as "other".</summary>
    [Range(1, 10_000)]
    public int MaxCountedValues { get; set; } = 1000;

    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}\\z")]
    public string CountsTable { get; set; } = "AttributeCounts";

    /// <summary>Most bytes a file may hold uncompressed; a file beyond it fails (rows committed before stay).</summary>
    [Range(1, 1024 * 1024)]
    public int MaxUncompressedMiB { get; set; } = 16 * 1024;

    /// <summary>
    /// Largest uncompressed/compressed ratio of a gzip file, checked as it is read once past
    /// <see cref="RatioGraceMiB"/> MiB uncompressed: a small gzip of a huge junk file fails early.
    /// </summary>
    [Range(2, 100_000)]
    public int MaxCompressionRatio { get; set; } = 100;

    /// <summary>Rejected rows kept per run for the error report (the first ones); the rest are counted only.</summary>
    [Range(0, 10_000_000)]
    public int MaxStoredRejections { get; set; } = 100_000;

    /// <summary>Most bytes an oversized record may span before its file fails (an endless line is not read to the end).</summary>
    [Range(1, 16 * 1024)]
    public int MaxRecordSkipMiB { get; set; } = 64;

    /// <summary>Uncompressed MiB a gzip file may reach before the ratio is checked (tiny files compress very well).</summary>
    public const int RatioGraceMiB = 1;

    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}\\z")]
    public string AttributesTable { get; set; } = "Attributes";

    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}\\z")]
    public string LedgerTable { get; set; } = "ImportLedger";

    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}\\z")]
    public string RejectsTable { get; set; } = "ImportRejects";

    /// <summary>Table of streamed (gzip) files' checkpoints: offset and counts after each committed batch.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}\\z")]
    public string CheckpointsTable { get; set; } = "ImportCheckpoints";
}
