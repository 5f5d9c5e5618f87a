using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.IntegrationTests.Functions;

/// <summary>What a Functions HTTP body answered once its result was executed: status, headers and the JSON body (if any).</summary>
public sealed record FunctionResponse(int Status, IHeaderDictionary Headers, string? ContentType, JsonElement Body)
{
    public string ProblemDetail => this.Body.GetProperty("detail").GetString()!;
}
