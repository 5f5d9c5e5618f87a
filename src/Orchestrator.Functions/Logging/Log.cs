using Microsoft.Extensions.Logging;

namespace Orchestrator.Functions.Logging;

/// <summary>Source-generated log messages of the Functions host (event ids 2000-2099; the core uses 1000-1099).</summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Information, "Nightly exports for {Period}: {Count} configured")]
    public static partial void NightlyStarting(ILogger logger, DateOnly period, int count);

    [LoggerMessage(2001, LogLevel.Information, "Nightly exports for {Period}: started {Started}, already present {Existing}")]
    public static partial void NightlyStarted(ILogger logger, DateOnly period, int started, int existing);

    [LoggerMessage(2002, LogLevel.Warning, "Nightly timer is running late (past due)")]
    public static partial void NightlyPastDue(ILogger logger);
}
