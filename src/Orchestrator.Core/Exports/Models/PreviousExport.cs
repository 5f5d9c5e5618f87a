namespace Orchestrator.Exports.Models;

/// <summary>
/// What earlier runs of a report left that this run must know: the objects the same day's previous run wrote (by our
/// run record and the manifest it vouches for, each with the ETag we recorded) and the schema of the report's latest
/// earlier run (for <c>schemaChanges</c>).
/// </summary>
public sealed record PreviousExport(IReadOnlyList<WrittenObject> SameDayObjects, string? PreviousRunId, ManifestSchema? PreviousSchema)
{
    public static PreviousExport None { get; } = new([], null, null);
}
