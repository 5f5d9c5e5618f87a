using System.Text.Json.Serialization;

namespace Orchestrator.Runs;

/// <summary>
/// Business status of a run as recorded in the run table (serialised by name). A run tells the truth about what it
/// did: <see cref="Succeeded"/> only when every item it had to move moved; <see cref="Failed"/> when nothing could be
/// (an export that did not complete, an import whose every file to import failed); <see cref="PartiallySucceeded"/>
/// when some items moved and others failed (an import with some files failed). Rejected rows inside an imported file
/// do not fail the file: they are counted and listed in the error report.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunStatus>))]
public enum RunStatus
{
    Running = 0,
    Succeeded = 1,
    Failed = 2,
    PartiallySucceeded = 3,
}
