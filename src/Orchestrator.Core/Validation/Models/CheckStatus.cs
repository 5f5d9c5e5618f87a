using System.Text.Json.Serialization;

namespace Orchestrator.Validation.Models;

/// <summary>Outcome of one check (serialised by name).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckStatus>))]
public enum CheckStatus
{
    Passed = 0,
    Failed = 1,

    /// <summary>Not run because an earlier check failed.</summary>
    Skipped = 2,
}
