using Microsoft.Extensions.Logging;

namespace Orchestrator.Security;

/// <summary>Logs of the API's door (EventIds 4000-4009). Never a token: the subject and the role are enough to trace a refusal.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Refused {Route}: {Decision} (subject '{Subject}', role '{Role}')")]
    public static partial void Refused(ILogger logger, string route, ApiDecision decision, string subject, ApiRole? role);
}
