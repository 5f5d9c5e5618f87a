namespace Orchestrator.Imports.Chunks;

/// <summary>
/// Where a chunk starts reading: the input's offset, or a streamed file's checkpoint (then with the rows and
/// rejections already committed before it, which the chunk's result includes).
/// </summary>
internal sealed record ChunkStart(long Offset, long Line, IReadOnlyList<string>? Columns, long RowsBefore, long RejectedBefore, long DeletedBefore = 0, long InsertedBefore = 0);
