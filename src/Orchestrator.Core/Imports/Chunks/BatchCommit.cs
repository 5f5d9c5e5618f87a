namespace Orchestrator.Imports.Chunks;

/// <summary>A stored batch: every record before <see cref="Offset"/> is committed; the counts cover them (this attempt only).</summary>
/// <param name="Inserted">Of <see cref="Imported"/>, the rows that created their user (the others updated one).</param>
internal sealed record BatchCommit(long Offset, long Line, long Imported, long Rejected, long Deleted = 0, long Inserted = 0);
