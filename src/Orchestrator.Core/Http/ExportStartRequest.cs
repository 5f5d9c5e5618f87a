namespace Orchestrator.Http;

/// <summary>Body of <c>POST /api/exports</c>, after validation.</summary>
public sealed record ExportStartRequest(string TenantId, string DestinationId, string Report, DateOnly Period, bool Force);
