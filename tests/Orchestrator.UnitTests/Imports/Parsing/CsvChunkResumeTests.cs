using Orchestrator.Imports.Parsing;
using static Orchestrator.UnitTests.Imports.Parsing.ParsingTestSupport;

namespace Orchestrator.UnitTests.Imports.Parsing;

/// <summary>
/// A chunk starts a new reader at a record boundary (EndOffset/NextLine of the previous record) over the stream from
/// there: it must read exactly the remaining records, with the same lines and offsets.
/// </summary>
public sealed class CsvChunkResumeTests
{
    private const string Everything =
        "\uFEFFid,name,note\r\n" +
        "1,plain,x\r\n" +
        "\r\n" +
        "2,\"quoted, comma\",\"multi\nline\r\nvalue\"\n" +
        "\n" +
        "3,\"say \"\"hi\"\"\",😀👍🏽\n" +
        "4,only-two\n" +
        "5,a\"b,x\n" +
        "6,\"a\"b,x\n" +
        "7,0123456789012345678901234567890123456789,x\n" +
        "8,e\u0301,a\rb\n" +
        "9,\"stray quote,x\n10,y,z\n11,y,z\n12,y,z\n13,y,z\n14,y,z\n15,y,z\n16,y,z\n17,y,z\n18,y,z\n19,y,z\n" +
        "20,y,z\n21,y,z\n22,y,z\n23,y,z\n24,y,z\n25,y,z\n" +
        "26,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,x\n" +
        "27,last,\"no terminator\"";

    private static readonly CsvReaderOptions Limits = new() { MaxFieldBytes = 32, MaxRecordBytes = 96, ExpectedColumns = 3 };

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(7)]
    public async Task Resume_AtEveryBoundary_ReadsTheSameRemainingRecords(int maxRead)
    {
        await AssertResumesAtEveryBoundaryAsync(Utf8(Everything), Limits, maxRead);
    }

    [Fact]
    public async Task Resume_FixtureHasEveryKindOfRecord()
    {
        var results = await ReadCsvAsync(Utf8(Everything), Limits);

        Assert.Equal(
            [
                null, null, null, null, "wrong column count: expected 3, got 2", "quote in the middle of an unquoted field",
                "text after a closing quote", "field too large (40 bytes > 32)", null, "unterminated quoted field", null, null,
                null, null, "record too large", null,
            ],
            results.Select(r => r.Rejection));
        Assert.Equal([1L, 2L, 4L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 27L, 28L, 29L, 30L, 31L, 32L], results.Select(r => r.Line));
        Assert.Equal(["22", "y", "z"], results[10].Fields!);
        Assert.Equal(["2", "quoted, comma", "multi\nline\r\nvalue"], results[2].Fields!);
    }

    [Fact]
    public async Task Resume_WithTrailingEmptyLines_ReadsNothingMore()
    {
        byte[] data = Utf8("a,b\n\n\r\n\n");
        var all = await ReadCsvAsync(data, CsvReaderOptions.Default);

        var rest = await ReadCsvAsync(data, CsvReaderOptions.Default, all[0].EndOffset, all[0].NextLine);

        Assert.Single(all);
        Assert.Empty(rest);
    }

    [Fact]
    public async Task Resume_ChunksOfAtLeastNBytes_CoverTheFileExactlyOnce()
    {
        byte[] data = Utf8(Everything);
        var all = await ReadCsvAsync(data, Limits);

        foreach (int chunkBytes in new[] { 1, 10, 50, 200, 10_000 })
        {
            var chunked = await ReadInChunksAsync(data, chunkBytes);
            AssertSame(all, chunked);
        }
    }

    private static async Task<List<CsvReadResult>> ReadInChunksAsync(byte[] data, int chunkBytes)
    {
        var results = new List<CsvReadResult>();
        long offset = 0;
        long line = 1;
        while (offset < data.Length)
        {
            using var stream = new MemoryStream(data, (int)offset, data.Length - (int)offset);
            using var reader = new CsvRecordReader(stream, offset, line, Limits);
            long chunkStart = offset;
            while (offset - chunkStart < chunkBytes && await reader.ReadAsync() is { } result)
            {
                results.Add(result);
                (offset, line) = (result.EndOffset, result.NextLine);
            }

            if (offset - chunkStart < chunkBytes)
            {
                break;
            }
        }

        return results;
    }
}
