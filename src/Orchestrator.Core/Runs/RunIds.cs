namespace Orchestrator.Runs;

/// <summary>What a run id says about its run: a tenant's runs are <c>{kind}:{tenant}:…</c>; nights are <c>nightly:{day}</c>.</summary>
public static class RunIds
{
    /// <summary>The tenant of an export, import or connection-test run id; null for any other id (a night's, or garbage).</summary>
    public static string? TenantOf(string instanceId)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        string[] parts = instanceId.Split(':');
        return parts.Length >= 3 && parts[0] is "export" or "import" or "validate" && parts[1].Length > 0 ? parts[1] : null;
    }
}
