using System.Diagnostics.CodeAnalysis;

namespace Orchestrator.Imports.Parsing;

/// <summary>
/// One line of a JSON Lines file: its attributes in file order (null values left out), or why it was rejected.
/// <see cref="EndOffset"/> and <see cref="NextLine"/> are where the next record (and so a next chunk) starts.
/// </summary>
/// <param name="Line">1-based line of the record.</param>
/// <param name="EndOffset">Absolute offset of the uncompressed file just after the line's LF.</param>
/// <param name="NextLine">The line at <see cref="EndOffset"/>.</param>
/// <param name="Attributes">The attributes; null when rejected.</param>
/// <param name="Rejection">Why the line was rejected; may name an attribute, never contains a value.</param>
public sealed record JsonLinesReadResult(long Line, long EndOffset, long NextLine, IReadOnlyList<JsonAttribute>? Attributes, string? Rejection)
{
    [MemberNotNullWhen(true, nameof(Rejection))]
    [MemberNotNullWhen(false, nameof(Attributes))]
    public bool IsRejected => this.Rejection is not null;
}
