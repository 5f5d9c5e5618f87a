namespace Orchestrator.Imports.Chunks;

/// <summary>Reads an import file's records as rows, one format's parser and the row rules behind one call.</summary>
internal interface IImportRecordReader
{
    /// <summary>The next record, or null at the end of the file.</summary>
    ValueTask<ImportRecord?> ReadAsync(CancellationToken cancellationToken);
}
