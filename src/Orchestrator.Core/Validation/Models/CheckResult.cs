namespace Orchestrator.Validation.Models;

/// <summary>One check's outcome: the S3/STS error code and, on failure, the exact change that fixes it.</summary>
public sealed record CheckResult(string Name, CheckStatus Status, string Message, string? ErrorCode = null, string? Fix = null)
{
    public static CheckResult Pass(string name, string message) => new(name, CheckStatus.Passed, message);

    public static CheckResult Fail(string name, string message, string? errorCode, string fix) => new(name, CheckStatus.Failed, message, errorCode, fix);

    public static CheckResult Skip(string name) => new(name, CheckStatus.Skipped, "Not run: an earlier check failed.");
}
