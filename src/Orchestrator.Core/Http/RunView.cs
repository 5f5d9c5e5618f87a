using System.Text.Json;

namespace Orchestrator.Http;

/// <summary>What the status endpoint returns for a run.</summary>
public sealed record RunView(
    string Id,
    string Name,
    string RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    JsonElement? Progress,
    JsonElement? Result,
    string? Error,
    string StatusUri);
