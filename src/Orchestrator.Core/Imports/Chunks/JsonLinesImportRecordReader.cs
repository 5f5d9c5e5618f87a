using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Parsing;

namespace Orchestrator.Imports.Chunks;

/// <summary>JSON Lines records as rows, each record mapped by its own names.</summary>
internal sealed class JsonLinesImportRecordReader(JsonLinesRecordReader reader, AttributeRowMapper mapper) : IImportRecordReader
{
    public async ValueTask<ImportRecord?> ReadAsync(CancellationToken cancellationToken)
    {
        if (await reader.ReadAsync(cancellationToken) is not { } record)
        {
            return null;
        }

        if (record.Attributes is null)
        {
            return new ImportRecord(record.Line, record.EndOffset, record.NextLine, null, record.Rejection!);
        }

        var row = mapper.FromJson(record.Attributes, out string? reason);
        return new ImportRecord(record.Line, record.EndOffset, record.NextLine, row, reason);
    }
}
