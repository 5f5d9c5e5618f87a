using Microsoft.AspNetCore.Http;
using Orchestrator.Imports.Attributes;

namespace Orchestrator.Http;

/// <summary>
/// Checks of free-form route segments (run ids, user ids) at the door: a decoded segment can hold a line break or
/// another control character (<c>%0A</c>), which would otherwise reach the durable backend's keys and the logs.
/// </summary>
public static class RouteValues
{
    /// <summary>Run ids are at most 256 characters (longer ones cannot exist).</summary>
    public const int MaxRunIdLength = 256;

    /// <summary>400 naming <c>id</c> when a run id holds a control character; null when it may be looked up.</summary>
    public static IResult? BadRunId(string instanceId) =>
        instanceId.Any(char.IsControl)
            ? Problems.Validation(new() { ["id"] = ["must not contain control characters such as a line break"] })
            : null;

    /// <summary>400 naming <c>userId</c> when it is empty or longer than a stored user id can be.</summary>
    public static IResult? BadUserId(string userId) =>
        userId.Length is 0 or > UserKeys.MaxUserIdLength
            ? Problems.Validation(new() { ["userId"] = [$"must be 1-{UserKeys.MaxUserIdLength} characters"] })
            : null;
}
