using Microsoft.Extensions.Logging;

namespace Orchestrator.Runner.Security;

/// <summary>Source-generated log messages of the runner's dev-mode console sign-in (event ids 5300-5309).</summary>
internal static partial class DevSignInLogs
{
    [LoggerMessage(5300, LogLevel.Information, "Dev sign-in: issued a {Role} token for tenant {Tenant} to the web console")]
    public static partial void TokenIssued(ILogger logger, string role, string tenant);

    [LoggerMessage(5301, LogLevel.Warning, "Dev sign-in refused a {Step} request: {Reason}")]
    public static partial void Refused(ILogger logger, string step, string reason);
}
