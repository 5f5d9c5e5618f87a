using Microsoft.Extensions.Logging;

namespace Orchestrator.Logging;

/// <summary>
/// The logging scope every orchestrator and activity runs in: run id (the orchestration instance id), task name, and
/// the tenant and destination when the input names them. Scopes are ambient, so every line written in the task's
/// async flow (ours, the AWS SDK's, the Table SDK's) carries them as structured values.
/// </summary>
public static class RunLogScope
{
    /// <summary>Shown for tasks that do not belong to one destination (e.g. the nightly scheduler).</summary>
    public const string None = "-";

    private static readonly Func<ILogger, string, string, string, string, IDisposable?> Scope =
        LoggerMessage.DefineScope<string, string, string, string>("Run {RunId} {Task} tenant {TenantId} destination {DestinationId}");

    public static IDisposable? Begin(ILogger logger, string runId, string task, object? input)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var (tenant, destination) = input switch
        {
            IDestinationScoped scoped => (scoped.TenantId, scoped.DestinationId),
            ITenantScoped tenantScoped => (tenantScoped.TenantId, None),
            _ => (None, None),
        };
        return Scope(logger, runId, task, tenant, destination);
    }
}
