using Microsoft.Extensions.Logging;

namespace Orchestrator.Logging;

/// <summary>The service's own AWS identity (web identity chain): EventIds 1700-1709.</summary>
internal static partial class Log
{
    [LoggerMessage(1700, LogLevel.Information, "Service AWS identity: assumed {RoleArn} with a web identity token (audience {Audience}) until {Expiration:o}")]
    public static partial void ServiceIdentityAssumed(ILogger logger, string roleArn, string audience, DateTimeOffset expiration);

    [LoggerMessage(1701, LogLevel.Error, "Service AWS identity failed at step {Step}: {Reason}")]
    public static partial void ServiceIdentityFailed(ILogger logger, string step, string reason);
}
