using System.Buffers;
using System.Text;
using Orchestrator.Imports.Parsing;

namespace Orchestrator.UnitTests.Imports.Parsing;

public sealed class CsvWriterTests
{
    [Theory]
    [InlineData(new[] { "a", "b" }, "a,b\n")]
    [InlineData(new[] { " a ", "b c" }, " a ,b c\n")]
    [InlineData(new[] { "a,b", "c" }, "\"a,b\",c\n")]
    [InlineData(new[] { "say \"hi\"" }, "\"say \"\"hi\"\"\"\n")]
    [InlineData(new[] { "\"" }, "\"\"\"\"\n")]
    [InlineData(new[] { "a\rb", "c\nd", "e\r\nf" }, "\"a\rb\",\"c\nd\",\"e\r\nf\"\n")]
    [InlineData(new[] { "", "" }, ",\n")]
    [InlineData(new[] { "" }, "\"\"\n")]
    [InlineData(new[] { "é😀", "e\u0301" }, "é😀,e\u0301\n")]
    [InlineData(new[] { "\uFEFFa", "b\uFEFF" }, "\"\uFEFFa\",b\uFEFF\n")]
    public void WriteRecord_QuotesOnlyWhenNeeded(string[] fields, string expected)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new CsvWriter(output);

        writer.WriteRecord(fields);

        Assert.Equal(expected, Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Equal(1, writer.RecordsWritten);
    }

    [Fact]
    public void WriteRecord_NoFields_Throws()
    {
        var writer = new CsvWriter(new ArrayBufferWriter<byte>());

        Assert.Throws<ArgumentException>(() => writer.WriteRecord([]));
    }

    [Fact]
    public async Task WriteRecordAsync_ToStream_WritesAllRecordsAfterFlush()
    {
        using var stream = new MemoryStream();
        var writer = new CsvWriter(stream);
        var rows = Enumerable.Range(0, 20_000).Select(i => new[] { i.ToString(System.Globalization.CultureInfo.InvariantCulture), "x,y" }).ToList();

        foreach (var row in rows)
        {
            await writer.WriteRecordAsync(row);
        }

        Assert.True(stream.Length > 0, "records past the threshold are written before the final flush");
        await writer.FlushAsync();

        var results = await ParsingTestSupport.ReadCsvAsync(stream.ToArray(), new CsvReaderOptions { ExpectedColumns = 2 });
        Assert.Equal(rows, results.Select(r => r.Fields!.ToArray()));
    }

    [Fact]
    public void WriteRecord_ToStream_SyncFlushWritesEverything()
    {
        using var stream = new MemoryStream();
        var writer = new CsvWriter(stream);

        writer.WriteRecord(["a", "b"]);
        Assert.Equal(0, stream.Length);
        writer.Flush();

        Assert.Equal("a,b\n", Encoding.UTF8.GetString(stream.ToArray()));
    }
}
