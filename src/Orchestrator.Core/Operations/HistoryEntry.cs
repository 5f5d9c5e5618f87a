using System.Globalization;
using System.Text.Json;
using DurableTask.Core.History;

namespace Orchestrator.Operations;

/// <summary>The fields of a durable history event the run timeline needs, from either source of history.</summary>
public sealed record HistoryEntry(EventType Type, int EventId, DateTimeOffset Timestamp, string? Name, string? Input, int? TaskScheduledId, string? Error)
{
    public static HistoryEntry From(HistoryEvent e) => e switch
    {
        TaskScheduledEvent s => new(e.EventType, e.EventId, Utc(e.Timestamp), s.Name, s.Input, null, null),
        TaskCompletedEvent c => new(e.EventType, e.EventId, Utc(e.Timestamp), null, null, c.TaskScheduledId, null),
        TaskFailedEvent f => new(e.EventType, e.EventId, Utc(e.Timestamp), null, null, f.TaskScheduledId, f.FailureDetails?.ErrorMessage ?? f.Reason),
        ExecutionStartedEvent s => new(e.EventType, e.EventId, Utc(e.Timestamp), s.Name, null, null, null),
        ExecutionCompletedEvent c => new(
            e.EventType,
            e.EventId,
            Utc(e.Timestamp),
            c.OrchestrationStatus.ToString(),
            null,
            null,
            c.FailureDetails?.ErrorMessage ?? (c.OrchestrationStatus == DurableTask.Core.OrchestrationStatus.Failed ? Unquote(c.Result) : null)),
        ExecutionTerminatedEvent t => new(e.EventType, e.EventId, Utc(e.Timestamp), null, null, null, t.Input),
        _ => new(e.EventType, e.EventId, Utc(e.Timestamp), null, null, null, null),
    };

    /// <summary>One event as the backend client serialises it (Newtonsoft defaults: PascalCase, enums as numbers).</summary>
    public static HistoryEntry? FromJson(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("EventType", out var typeValue))
        {
            return null;
        }

        EventType type;
        if (typeValue.ValueKind == JsonValueKind.Number && typeValue.TryGetInt32(out int number) && Enum.IsDefined((EventType)number))
        {
            type = (EventType)number;
        }
        else if (typeValue.ValueKind != JsonValueKind.String || !Enum.TryParse(typeValue.GetString(), out type))
        {
            return null;
        }

        string? error = Text(e, "FailureDetails", "ErrorMessage") ?? Text(e, "Reason");
        string? status = type == EventType.ExecutionCompleted ? OrchestrationStatusName(e) : null;
        if (error is null && status == nameof(DurableTask.Core.OrchestrationStatus.Failed))
        {
            // Some backends keep a failed orchestration's message only as its result.
            error = Unquote(Text(e, "Result"));
        }

        return new HistoryEntry(
            type,
            e.TryGetProperty(nameof(HistoryEvent.EventId), out var id) && id.TryGetInt32(out int eventId) ? eventId : -1,
            e.TryGetProperty(nameof(HistoryEvent.Timestamp), out var ts) && ts.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(ts.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : default,
            type == EventType.ExecutionCompleted ? status : Text(e, "Name"),
            type == EventType.ExecutionTerminated ? null : Text(e, "Input"),
            e.TryGetProperty(nameof(TaskCompletedEvent.TaskScheduledId), out var scheduled) && scheduled.TryGetInt32(out int taskId) ? taskId : null,
            type == EventType.ExecutionTerminated ? Text(e, "Input") : error);
    }

    /// <summary>A result that is a JSON string holds the message; anything else is the message as it is.</summary>
    private static string? Unquote(string? result)
    {
        if (string.IsNullOrEmpty(result))
        {
            return null;
        }

        if (result.StartsWith('"'))
        {
            try
            {
                return JsonSerializer.Deserialize<string>(result);
            }
            catch (JsonException)
            {
                // Not a JSON string after all.
            }
        }

        return result;
    }

    private static string? OrchestrationStatusName(JsonElement e) =>
        e.TryGetProperty("OrchestrationStatus", out var s) && s.TryGetInt32(out int n)
            ? ((DurableTask.Core.OrchestrationStatus)n).ToString()
            : Text(e, "OrchestrationStatus");

    private static string? Text(JsonElement e, string name, string? inner = null)
    {
        if (!e.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (inner is not null)
        {
            return value.ValueKind == JsonValueKind.Object ? Text(value, inner) : null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    private static DateTimeOffset Utc(DateTime value) =>
        new(DateTime.SpecifyKind(value, value.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : value.Kind).ToUniversalTime());
}
