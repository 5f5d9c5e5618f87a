namespace Orchestrator.Exports.Formats;

/// <summary>Writes the rows of one export file in one format; rows arrive as the source CSV's fields.</summary>
public interface IExportFileWriter : IAsyncDisposable
{
    /// <summary>Data rows written so far.</summary>
    long Rows { get; }

    /// <summary>Writes one row; <paramref name="fields"/> are in source-header order.</summary>
    ValueTask WriteRowAsync(IReadOnlyList<string> fields, CancellationToken cancellationToken);

    /// <summary>Flushes what is buffered and writes the format's trailer (Parquet footer, gzip trailer).</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken);
}
