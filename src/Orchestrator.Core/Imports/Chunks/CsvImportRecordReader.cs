using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Parsing;

namespace Orchestrator.Imports.Chunks;

/// <summary>CSV records as rows of the file's header columns (the header itself already read).</summary>
internal sealed class CsvImportRecordReader(CsvRecordReader reader, AttributeColumns columns) : IImportRecordReader
{
    public async ValueTask<ImportRecord?> ReadAsync(CancellationToken cancellationToken)
    {
        if (await reader.ReadAsync(cancellationToken) is not { } record)
        {
            return null;
        }

        if (record.Fields is null)
        {
            return new ImportRecord(record.Line, record.EndOffset, record.NextLine, null, record.Rejection!);
        }

        // The first chunk's reader starts before the header is known, so the mapper checks the column count too.
        var row = AttributeRowMapper.FromCsv(columns, record.Fields, out string? reason);
        return new ImportRecord(record.Line, record.EndOffset, record.NextLine, row, reason);
    }
}
