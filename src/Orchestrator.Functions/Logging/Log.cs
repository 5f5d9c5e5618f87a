using Microsoft.Extensions.Logging;

namespace Orchestrator.Functions.Logging;

/// <summary>Source-generated log messages of the Functions host (event ids 2000-2099; the core uses 1000-1099).</summary>
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Information, "Nightly scheduler for {Day}: run {RunId}, newly started {Started}")]
    public static partial void NightlyStarted(ILogger logger, DateOnly day, string runId, bool started);

    [LoggerMessage(2002, LogLevel.Warning, "Nightly timer is running late (past due)")]
    public static partial void NightlyPastDue(ILogger logger);
}
