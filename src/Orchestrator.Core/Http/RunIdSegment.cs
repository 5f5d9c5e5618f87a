namespace Orchestrator.Http;

/// <summary>
/// A run id as a URI path segment: percent-encoded except for <c>:</c>, which RFC 3986 allows in a segment (pchar),
/// so the links the API hands out read like the ids the README, the CLI and the logs show
/// (<c>/api/runs/export:acme:s3-main:sessions:2026-11-24</c>). The one place run links encode ids.
/// </summary>
public static class RunIdSegment
{
    public static string Escape(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return Uri.EscapeDataString(runId).Replace("%3A", ":", StringComparison.Ordinal);
    }
}
