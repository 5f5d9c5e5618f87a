using System.Diagnostics.CodeAnalysis;

namespace Orchestrator.Imports.Parsing;

/// <summary>
/// One record of a CSV file: its fields, or why it was rejected. <see cref="EndOffset"/> and
/// <see cref="NextLine"/> are the record boundary where the next record (and so a next chunk) starts.
/// </summary>
/// <param name="Line">1-based line on which the record starts.</param>
/// <param name="EndOffset">Absolute offset of the uncompressed file just after the record's line terminator.</param>
/// <param name="NextLine">The line at <see cref="EndOffset"/>: <see cref="Line"/> plus the line feeds the record spans.</param>
/// <param name="Fields">The unescaped fields; null when rejected.</param>
/// <param name="Rejection">Why the record was rejected; never contains field values.</param>
public sealed record CsvReadResult(long Line, long EndOffset, long NextLine, IReadOnlyList<string>? Fields, string? Rejection)
{
    [MemberNotNullWhen(true, nameof(Rejection))]
    [MemberNotNullWhen(false, nameof(Fields))]
    public bool IsRejected => this.Rejection is not null;
}
