namespace Orchestrator.Reports;

/// <summary>Which report to read: the business key of an export, without any storage detail.</summary>
public sealed record ReportLocator(string TenantId, string Report, DateOnly Period);
