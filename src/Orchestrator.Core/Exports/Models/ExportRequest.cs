using Orchestrator.Exports.Formats;
using Orchestrator.Logging;

namespace Orchestrator.Exports.Models;

/// <summary>Input of <see cref="Orchestrations.ExportOrchestrator"/>: references only, never data or secrets.</summary>
/// <param name="Format">This run's format instead of the destination's (a per-request override); null keeps the destination's.</param>
/// <param name="ParquetCodec">This run's Parquet codec instead of the destination's; null keeps the destination's.</param>
public sealed record ExportRequest(
    string TenantId, string DestinationId, string Report, DateOnly Period, ExportFormat? Format = null, ParquetCodec? ParquetCodec = null) : IDestinationScoped;
