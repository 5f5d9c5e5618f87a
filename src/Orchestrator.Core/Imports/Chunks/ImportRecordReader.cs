using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Parsing;

namespace Orchestrator.Imports.Chunks;

/// <summary>
/// Reads an import file's records as rows, whatever its format: the format's parser gives a record or why it is
/// rejected, the one rule set (<see cref="AttributeRowMapper"/>) turns a parsed record into a row or a reason.
/// </summary>
internal sealed class ImportRecordReader
{
    private readonly Func<CancellationToken, ValueTask<ImportRecord?>> next;

    private ImportRecordReader(Func<CancellationToken, ValueTask<ImportRecord?>> next) => this.next = next;

    /// <summary>CSV records as rows of the file's header columns (the header itself already read).</summary>
    public static ImportRecordReader Csv(CsvRecordReader reader, AttributeColumns columns) => new(async ct =>
        await reader.ReadAsync(ct) is not { } r ? null
        : r.Fields is null ? new ImportRecord(r.Line, r.EndOffset, r.NextLine, null, r.Rejection!)

        // The first chunk's reader starts before the header is known, so the mapper checks the column count too.
        : new ImportRecord(r.Line, r.EndOffset, r.NextLine, AttributeRowMapper.FromCsv(columns, r.Fields, out string? reason), reason));

    /// <summary>JSON Lines records as rows, each record mapped by its own names.</summary>
    public static ImportRecordReader JsonLines(JsonLinesRecordReader reader, AttributeRowMapper mapper) => new(async ct =>
        await reader.ReadAsync(ct) is not { } r ? null
        : r.Attributes is null ? new ImportRecord(r.Line, r.EndOffset, r.NextLine, null, r.Rejection!)
        : new ImportRecord(r.Line, r.EndOffset, r.NextLine, mapper.FromJson(r.Attributes, out string? reason), reason));

    /// <summary>The next record, or null at the end of the file.</summary>
    public ValueTask<ImportRecord?> ReadAsync(CancellationToken cancellationToken) => this.next(cancellationToken);
}
