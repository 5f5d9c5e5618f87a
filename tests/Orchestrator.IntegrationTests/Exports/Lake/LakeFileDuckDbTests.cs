using System.Globalization;
using System.Numerics;
using System.Text;
using DuckDB.NET.Data;
using Orchestrator.Exports.Formats;
using Orchestrator.Exports.Schemas;
using Orchestrator.Reports;
using Xunit;

namespace Orchestrator.IntegrationTests.Exports.Lake;

/// <summary>
/// What our lake writers produce, read back by an independent reader (DuckDB, embedded through NuGet), compared
/// with aggregates computed from the source CSV by the tests' own parser: row counts, column types, sums, min/max,
/// distinct counts and nulls, over synthetic rows plus rows with unicode, quotes, newlines inside fields, empty
/// strings vs nulls, extreme numbers, calendar edges and a value that does not parse.
/// </summary>
public sealed class LakeFileDuckDbTests : IDisposable
{
    private const int SyntheticRows = 3000;

    private static readonly string[] EdgeRows =
    [
        "2026-11-24,\"u ünï \"\"q\"\" 🚀\",\"s,1\nline two\",IOS,DE,1.0.0,9223372036854775807,-9223372036854775808,0,0,-9999999999999999.99,true,2026-11-24T23:59:59.999999Z",
        "0001-01-01,,\"\",WEB,,,,,,,,,",
        "9999-12-31,u2,s2,MAC,US,2,not-a-number,1,1,1,0.01,0,1970-01-01T00:00:00Z",
        "2026-11-24,u3,s3,AND,JP,3,1,2,3,4,9999999999999999.99,1,2026-11-24T12:00:00+02:00",
    ];

    private readonly string directory = Directory.CreateTempSubdirectory("lake-duckdb-").FullName;

    public void Dispose() => Directory.Delete(this.directory, recursive: true);

    [Fact]
    public async Task Parquet_SingleFile_DuckDbReadsTypedColumnsAndTheSourceAggregates()
    {
        string csv = Source();
        var schema = ExportSchemaResolver.Resolve("sessions", SyntheticInsightsReport.Columns);
        var produced = await this.WriteAsync(csv, [0], ExportFormat.Parquet, ParquetCodec.Snappy, schema, "parquet");

        Assert.Equal(SyntheticRows + EdgeRows.Length, produced.Sum(p => p.Rows));
        Assert.Equal(1, produced.Sum(p => p.InvalidValues.GetValueOrDefault("sessions")));

        var types = await QueryAsync($"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{this.directory}/*.parquet'))");
        Assert.Equal("DATE", types.Single(r => r[0] == "event_date")[1]);
        Assert.Equal("BIGINT", types.Single(r => r[0] == "sessions")[1]);
        Assert.Equal("DECIMAL(18,2)", types.Single(r => r[0] == "revenue")[1]);
        Assert.Equal("BOOLEAN", types.Single(r => r[0] == "is_new_user")[1]);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", types.Single(r => r[0] == "last_seen_utc")[1]);
        Assert.Equal("VARCHAR", types.Single(r => r[0] == "user_id")[1]);

        await AssertAggregatesAsync(csv, $"read_parquet('{this.directory}/*.parquet')");
    }

    [Fact]
    public async Task Parquet_MultiFileDataset_SplitAtRecordBoundaries_DuckDbReadsTheWholeReportOnce()
    {
        string csv = Source();
        var schema = ExportSchemaResolver.Resolve("sessions", SyntheticInsightsReport.Columns);
        byte[] bytes = Encoding.UTF8.GetBytes(csv);
        long[] starts = [0, RecordStartAfter(bytes, bytes.Length / 3), RecordStartAfter(bytes, 2 * bytes.Length / 3)];

        var produced = await this.WriteAsync(csv, starts, ExportFormat.Parquet, ParquetCodec.Zstd, schema, "parquet");

        Assert.Equal(3, Directory.GetFiles(this.directory, "*.parquet").Length);
        Assert.All(produced, p => Assert.True(p.Rows > 0));
        await AssertAggregatesAsync(csv, $"read_parquet('{this.directory}/*.parquet')");
    }

    [Fact]
    public async Task JsonLinesGzip_DuckDbReadsTheSourceAggregates()
    {
        string csv = Source();
        var schema = ExportSchemaResolver.Resolve("sessions", SyntheticInsightsReport.Columns);

        var produced = await this.WriteAsync(csv, [0], ExportFormat.JsonLinesGzip, ParquetCodec.Snappy, schema, "jsonl.gz");

        Assert.Equal(SyntheticRows + EdgeRows.Length, produced.Sum(p => p.Rows));
        await AssertAggregatesAsync(
            csv,
            // Decimals are written as strings of their exact digits (JSON numbers go through double in readers).
            $"(SELECT * REPLACE (CAST(revenue AS DECIMAL(18,2)) AS revenue) FROM read_json('{this.directory}/*.jsonl.gz', format = 'newline_delimited', columns = {{event_date: 'DATE', user_id: 'VARCHAR', platform: 'VARCHAR', sessions: 'BIGINT', revenue: 'VARCHAR', last_seen_utc: 'TIMESTAMPTZ'}}))");
    }

    [Fact]
    public void Resolve_SourceWithoutADeclaredColumn_FailsBeforeAnythingIsWritten()
    {
        var header = SyntheticInsightsReport.Columns.Where(c => c != "last_seen_utc").ToList();

        var failure = Assert.Throws<Orchestrator.Runs.PermanentRunException>(() => ExportSchemaResolver.Resolve("sessions", header));

        Assert.Contains("'last_seen_utc'", failure.Message, StringComparison.Ordinal);
    }

    private static string Source()
    {
        var locator = new ReportLocator("acme", "sessions", new DateOnly(2026, 11, 24));
        using var stream = SyntheticInsightsReport.Open(locator, 0, SyntheticInsightsReport.Length(SyntheticRows));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd() + string.Join('\n', EdgeRows) + "\n";
    }

    /// <summary>The first record start after <paramref name="offset"/> (the synthetic rows hold no quotes, so any LF ends a record there).</summary>
    private static long RecordStartAfter(byte[] bytes, int offset) => Array.IndexOf(bytes, (byte)'\n', offset) + 1;

    private static async Task AssertAggregatesAsync(string csv, string table)
    {
        var rows = SourceCsv.Parse(csv).Skip(1).ToList();
        int Col(string name) => SyntheticInsightsReport.Columns.ToList().IndexOf(name);
        var sessions = rows.Select(r => long.TryParse(r[Col("sessions")], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : (long?)null).ToList();
        var revenue = rows.Select(r => r[Col("revenue")]).Where(v => v.Length > 0).Select(v => decimal.Parse(v, CultureInfo.InvariantCulture)).ToList();
        var days = rows.Select(r => r[Col("event_date")]).ToList();
        var expected = new[]
        {
            rows.Count.ToString(CultureInfo.InvariantCulture),
            sessions.Where(v => v is not null).Aggregate(BigInteger.Zero, (a, v) => a + v!.Value).ToString(CultureInfo.InvariantCulture),
            sessions.Count(v => v is null).ToString(CultureInfo.InvariantCulture),
            days.Min(StringComparer.Ordinal)!,
            days.Max(StringComparer.Ordinal)!,
            rows.Select(r => r[Col("platform")]).Distinct(StringComparer.Ordinal).Count().ToString(CultureInfo.InvariantCulture),
            rows.Count(r => r[Col("user_id")].Length == 0).ToString(CultureInfo.InvariantCulture),
            rows.Select(r => r[Col("user_id")]).Distinct(StringComparer.Ordinal).Count().ToString(CultureInfo.InvariantCulture),
            revenue.Sum().ToString("0.00", CultureInfo.InvariantCulture),
            rows.Count(r => r[Col("revenue")].Length == 0).ToString(CultureInfo.InvariantCulture),
            rows.Select(r => r[Col("user_id")]).Single(u => u.Contains("🚀", StringComparison.Ordinal)),
            "2026-11-24 10:00:00+00",
        };

        var actual = (await QueryAsync(
            $"""
            SET TimeZone = 'UTC';
            SELECT CAST(count(*) AS VARCHAR), CAST(sum(sessions) AS VARCHAR), CAST(count(*) FILTER (WHERE sessions IS NULL) AS VARCHAR),
                   CAST(min(event_date) AS VARCHAR), CAST(max(event_date) AS VARCHAR), CAST(count(DISTINCT platform) AS VARCHAR),
                   CAST(count(*) FILTER (WHERE user_id = '') AS VARCHAR), CAST(count(DISTINCT user_id) AS VARCHAR),
                   CAST(sum(revenue) AS VARCHAR), CAST(count(*) FILTER (WHERE revenue IS NULL) AS VARCHAR),
                   max(user_id) FILTER (WHERE user_id LIKE '%🚀%'),
                   CAST(max(last_seen_utc) FILTER (WHERE user_id = 'u3') AS VARCHAR)
            FROM {table}
            """)).Single();

        Assert.Equal(expected, actual);
    }

    private static async Task<List<string[]>> QueryAsync(string sql)
    {
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "<null>" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!).ToArray());
        }

        return rows;
    }

    private async Task<List<ExportFileProducer.Produced>> WriteAsync(
        string csv, long[] starts, ExportFormat format, ParquetCodec codec, ExportSchema schema, string extension)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(csv);
        var produced = new List<ExportFileProducer.Produced>();
        for (int part = 0; part < starts.Length; part++)
        {
            long end = part + 1 < starts.Length ? starts[part + 1] : bytes.Length;
            using var source = new MemoryStream(bytes, (int)starts[part], (int)(end - starts[part]), writable: false);
            await using var file = File.Create(Path.Combine(this.directory, $"sessions_2026-11-24-{part + 1:D5}.{extension}"));
            produced.Add(await ExportFileProducer.ProduceAsync(source, starts[part], file, format, codec, schema, CancellationToken.None));
        }

        return produced;
    }
}
