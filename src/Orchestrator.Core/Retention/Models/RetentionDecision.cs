using System.Text.Json.Serialization;

namespace Orchestrator.Retention.Models;

/// <summary>What retention does with one object an old run recorded (serialised by name).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RetentionDecision>))]
public enum RetentionDecision
{
    /// <summary>Still the bytes we wrote (same ETag) and older than the retention: deleted.</summary>
    Delete = 0,

    /// <summary>Someone replaced it since (other ETag): never touched.</summary>
    KeepChanged = 1,

    /// <summary>Not there any more: nothing to do.</summary>
    Gone = 2,
}
