using Microsoft.Extensions.Logging;

namespace Orchestrator.Runner.Hosting;

/// <summary>Source-generated log messages of the local runner's hosting (event ids 3000-3099).</summary>
internal static partial class RunnerLogs
{
    [LoggerMessage(3000, LogLevel.Warning, "Could not renew the lock of activity work item {WorkItemId} of run {RunId} (retrying in a second): {Error}")]
    public static partial void ActivityLockRenewalFailed(ILogger logger, string workItemId, string? runId, string error);

    [LoggerMessage(3001, LogLevel.Error, "The lock of activity work item {WorkItemId} of run {RunId} was taken by another receiver or lost; this process stops renewing it, and another delivery of the message decides its outcome: {Error}")]
    public static partial void ActivityLockLost(ILogger logger, string workItemId, string? runId, string error);

    [LoggerMessage(3002, LogLevel.Warning, "Stopping with work still running after {Seconds} s of draining ({Orchestrations} orchestration and {Activities} activity work items); the backend redelivers them to the next runner")]
    public static partial void DrainTimedOut(ILogger logger, double seconds, int orchestrations, int activities);

    [LoggerMessage(3100, LogLevel.Warning, "Dev mode: no Auth:Authority is configured, so the API at {ApiUrl} accepts tokens of the built-in local issuer {Issuer} (loopback only). Get one with: orchestrator token --server {ApiUrl} --tenant TENANT --role admin")]
    public static partial void LocalIssuerServing(ILogger logger, string issuer, string apiUrl);
}
