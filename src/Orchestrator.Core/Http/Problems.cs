using Microsoft.AspNetCore.Http;

namespace Orchestrator.Http;

/// <summary>RFC 9457 problem+json responses.</summary>
public static class Problems
{
    public static IResult Validation(Dictionary<string, string[]> errors, int status = StatusCodes.Status400BadRequest) =>
        Results.ValidationProblem(
            errors,
            detail: string.Join("; ", errors.Select(e => $"{e.Key} {string.Join(", ", e.Value)}")),
            statusCode: status,
            title: "The request is invalid.");

    public static IResult Conflict(string detail, int status) =>
        Results.Problem(detail: detail, statusCode: status, title: status == StatusCodes.Status428PreconditionRequired ? "If-Match is required." : "Conflict.");

    public static IResult NotFound(string detail) =>
        Results.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.");
}
