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

    /// <summary>Distinct values counted per attribute in a counts snapshot; values beyond it are summed as "other".</summary>
    [Range(1, 10_000)]
    public int MaxCountedValues { get; set; } = 1000;

    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}\\z")]
    public string CountsTable { get; set; } = "AttributeCounts";

    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}\\z")]
    public string AttributesTable { get; set; } = "Attributes";

    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}\\z")]
    public string LedgerTable { get; set; } = "ImportLedger";

    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}\\z")]
    public string RejectsTable { get; set; } = "ImportRejects";
}
