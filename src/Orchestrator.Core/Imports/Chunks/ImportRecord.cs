using Orchestrator.Imports.Attributes;

namespace Orchestrator.Imports.Chunks;

/// <summary>
/// One record of an import file, whatever its format: the row to merge, or why the record is rejected.
/// <see cref="EndOffset"/> and <see cref="NextLine"/> are the record boundary where a next chunk can start.
/// </summary>
/// <param name="Line">1-based line on which the record starts.</param>
/// <param name="EndOffset">Absolute offset of the uncompressed file just after the record.</param>
/// <param name="NextLine">The line at <see cref="EndOffset"/>.</param>
/// <param name="Row">The row; null when rejected.</param>
/// <param name="Rejection">Why the record is rejected; never contains a value.</param>
internal sealed record ImportRecord(long Line, long EndOffset, long NextLine, UserAttributes? Row, string? Rejection);
