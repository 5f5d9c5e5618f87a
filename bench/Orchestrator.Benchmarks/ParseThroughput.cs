using System.Diagnostics;
using Azure.Data.Tables;
using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Parsing;
using Orchestrator.Options;

namespace Orchestrator.Benchmarks;

/// <summary>One pass over the benchmark file from local disk.</summary>
internal sealed record ParseRun(string What, long Bytes, long Rows, double Seconds, long AllocatedBytes);

/// <summary>
/// The CPU side of the import without any server: our <see cref="CsvRecordReader"/> over the generated file from
/// local disk (reader only), and the reader plus what the import does per row before the HTTP call (type inference
/// into the row's dictionary as <c>ImportChunkActivity</c> does, and the <see cref="TableEntity"/> as
/// <c>TableAttributeStore</c> builds it).
/// </summary>
internal static class ParseThroughput
{
    public const string ReaderOnly = "CsvRecordReader (fields as strings)";
    public const string WithEntities = "CsvRecordReader + type inference + TableEntity (all per-row CPU work of the import before HTTP)";

    public static async Task<ParseRun> RunAsync(string path, bool entities)
    {
        var defaults = new ImportOptions();
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        long rows = 0;
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true))
        {
            using var reader = new CsvRecordReader(stream, 0, 1, new CsvReaderOptions { MaxFieldBytes = defaults.MaxFieldBytes, MaxRecordBytes = defaults.MaxRecordBytes });
            string[]? columns = null;
            while (await reader.ReadAsync() is { } record)
            {
                var fields = record.Fields ?? throw new InvalidOperationException($"line {record.Line} rejected: {record.Rejection}");
                if (columns is null)
                {
                    columns = [.. fields.Select(f => AttributeNames.ToPropertyName(f)!)];
                    continue;
                }

                rows++;
                if (entities)
                {
                    var values = new Dictionary<string, object>(StringComparer.Ordinal);
                    for (int i = 1; i < columns.Length; i++)
                    {
                        if (fields[i].Length > 0)
                        {
                            values[columns[i]] = AttributeValues.Infer(fields[i]);
                        }
                    }

                    var entity = new TableEntity("tenant", UserKeys.ToRowKey(fields[0]));
                    foreach (var (name, value) in values)
                    {
                        entity[name] = value;
                    }
                }
            }
        }

        clock.Stop();
        return new ParseRun(entities ? WithEntities : ReaderOnly, new FileInfo(path).Length, rows, clock.Elapsed.TotalSeconds, GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }
}
