namespace Orchestrator.Imports.Checkpoints;

/// <summary>
/// How far one attempt at a file got: every record before <see cref="Offset"/> (uncompressed) is committed to the
/// attribute store and the reject store, and <see cref="Rows"/> and <see cref="Rejected"/> count them. Written after
/// each committed batch of a streamed (gzip) file, so a retry resumes here without counting a row twice.
/// </summary>
/// <param name="Attempt">The orchestration's attempt at this file (a replay-safe id): a checkpoint of another attempt is ignored.</param>
/// <param name="ETag">The file version the checkpoint belongs to.</param>
/// <param name="Offset">Uncompressed offset of the next record.</param>
/// <param name="Line">Line of the next record.</param>
/// <param name="Columns">The CSV header's mapped names (empty for JSON Lines).</param>
/// <param name="Rows">Rows stored before <see cref="Offset"/>.</param>
/// <param name="Rejected">Rows rejected before <see cref="Offset"/>.</param>
/// <param name="Deleted">Users removed before <see cref="Offset"/>.</param>
/// <param name="Inserted">Of <see cref="Rows"/>, the rows that created their user (the rest updated one).</param>
public sealed record ImportCheckpoint(string Attempt, string ETag, long Offset, long Line, IReadOnlyList<string> Columns, long Rows, long Rejected, long Deleted = 0, long Inserted = 0);
