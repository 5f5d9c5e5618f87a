namespace Orchestrator.Http;

/// <summary>Body of <c>POST /api/exports</c>, after validation.</summary>
/// <param name="Format">Per-request format override (null: the destination's).</param>
/// <param name="ParquetCodec">Per-request Parquet codec override (null: the destination's).</param>
public sealed record ExportStartRequest(
    string TenantId, string DestinationId, string Report, DateOnly Period, bool Force,
    Exports.Formats.ExportFormat? Format = null, Exports.Formats.ParquetCodec? ParquetCodec = null);
