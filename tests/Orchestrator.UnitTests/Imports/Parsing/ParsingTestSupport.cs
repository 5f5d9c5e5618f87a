using System.Text;
using Orchestrator.Imports.Parsing;

namespace Orchestrator.UnitTests.Imports.Parsing;

/// <summary>Reads whole inputs (or the rest of one from a record boundary) with the readers under test.</summary>
internal static class ParsingTestSupport
{
    /// <summary>Read sizes every example is parsed with: refills in the middle of every construct must not matter.</summary>
    private static readonly int[] ReadSizes = [int.MaxValue, 1, 2, 3, 5, 64];

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static async Task<List<CsvReadResult>> ReadCsvAsync(byte[] data, CsvReaderOptions options, long startOffset = 0, long startLine = 1, int maxRead = int.MaxValue)
    {
        using var stream = new TrickleStream(data, (int)startOffset, maxRead);
        using var reader = new CsvRecordReader(stream, startOffset, startLine, options);
        var results = new List<CsvReadResult>();
        while (await reader.ReadAsync() is { } result)
        {
            results.Add(result);
        }

        return results;
    }

    /// <summary>Reads with every read size, checks they agree, and returns the results.</summary>
    public static async Task<List<CsvReadResult>> ReadCsvAllWaysAsync(byte[] data, CsvReaderOptions? options = null)
    {
        options ??= CsvReaderOptions.Default;
        var expected = await ReadCsvAsync(data, options);
        foreach (int size in ReadSizes[1..])
        {
            var actual = await ReadCsvAsync(data, options, maxRead: size);
            AssertSame(expected, actual);
        }

        return expected;
    }

    public static Task<List<CsvReadResult>> ReadCsvAllWaysAsync(string text, CsvReaderOptions? options = null) =>
        ReadCsvAllWaysAsync(Utf8(text), options);

    public static void AssertSame(IReadOnlyList<CsvReadResult> expected, IReadOnlyList<CsvReadResult> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(Describe(expected[i]), Describe(actual[i]));
        }
    }

    public static string Describe(CsvReadResult result) =>
        $"line {result.Line}..{result.NextLine} end {result.EndOffset}: " +
        (result.IsRejected ? "REJECTED " + result.Rejection : "[" + string.Join("|", result.Fields.Select(Escape)) + "]");

    /// <summary>Restarts a new reader at every record boundary and checks it reads exactly the remaining records.</summary>
    public static async Task AssertResumesAtEveryBoundaryAsync(byte[] data, CsvReaderOptions options, int maxRead = int.MaxValue)
    {
        var all = await ReadCsvAsync(data, options, maxRead: maxRead);
        for (int i = 0; i < all.Count; i++)
        {
            var rest = await ReadCsvAsync(data, options, all[i].EndOffset, all[i].NextLine, maxRead);
            AssertSame(all[(i + 1)..], rest);
        }
    }

    public static async Task<List<JsonLinesReadResult>> ReadJsonLinesAsync(byte[] data, long startOffset = 0, long startLine = 1, int maxRead = int.MaxValue, JsonLinesReaderOptions? options = null)
    {
        using var stream = new TrickleStream(data, (int)startOffset, maxRead);
        using var reader = new JsonLinesRecordReader(stream, startOffset, startLine, options ?? JsonLinesReaderOptions.Default);
        var results = new List<JsonLinesReadResult>();
        while (await reader.ReadAsync() is { } result)
        {
            results.Add(result);
        }

        return results;
    }

    public static async Task<List<JsonLinesReadResult>> ReadJsonLinesAllWaysAsync(string text, JsonLinesReaderOptions? options = null)
    {
        byte[] data = Utf8(text);
        var expected = await ReadJsonLinesAsync(data, options: options);
        foreach (int size in ReadSizes[1..])
        {
            var actual = await ReadJsonLinesAsync(data, maxRead: size, options: options);
            Assert.Equal(expected.Select(Describe), actual.Select(Describe));
        }

        return expected;
    }

    public static string Describe(JsonLinesReadResult result) =>
        $"line {result.Line}..{result.NextLine} end {result.EndOffset}: " +
        (result.IsRejected ? "REJECTED " + result.Rejection : "{" + string.Join("|", result.Attributes.Select(a => $"{a.Name}={a.Value}:{a.Kind}")) + "}");

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);
}
