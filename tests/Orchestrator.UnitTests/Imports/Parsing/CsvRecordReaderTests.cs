using Orchestrator.Imports.Parsing;
using static Orchestrator.UnitTests.Imports.Parsing.ParsingTestSupport;

namespace Orchestrator.UnitTests.Imports.Parsing;

public sealed class CsvRecordReaderTests
{
    private static readonly CsvReaderOptions TwoColumns = new() { ExpectedColumns = 2 };

    [Fact]
    public async Task ReadAsync_MoreColumnsThanTheCap_RejectsNamingTheCapEvenPastTheRecordSizeAndReadsOn()
    {
        // 100,000 columns in a record longer than MaxRecordBytes: the column cap is the reason, not the size.
        string wide = string.Join(',', Enumerable.Range(0, 100_000).Select(i => "c" + i)) + "\n";
        var options = new CsvReaderOptions { MaxColumns = 4, MaxRecordBytes = 64 * 1024 };

        var results = await ReadCsvAllWaysAsync(wide + "a,b,c,d\na,b,c,d,e\n", options);

        Assert.Equal(["too many columns: more than 4 per row", null, "too many columns: more than 4 per row"], results.Select(r => r.Rejection));
        Assert.Equal(["a", "b", "c", "d"], results[1].Fields!);
    }

    [Fact]
    public async Task ReadAsync_LfTerminated_ReturnsFieldsLinesAndOffsets()
    {
        var results = await ReadCsvAllWaysAsync("a,b,c\n1,2,3\n");

        Assert.Equal(2, results.Count);
        Assert.Equal(["a", "b", "c"], results[0].Fields!);
        Assert.Equal((1L, 6L, 2L), (results[0].Line, results[0].EndOffset, results[0].NextLine));
        Assert.Equal(["1", "2", "3"], results[1].Fields!);
        Assert.Equal((2L, 12L, 3L), (results[1].Line, results[1].EndOffset, results[1].NextLine));
    }

    [Fact]
    public async Task ReadAsync_CrLfAndLfMixed_StripsTerminators()
    {
        var results = await ReadCsvAllWaysAsync("a,b\r\n1,2\n3,4\r\n");

        Assert.Equal([["a", "b"], ["1", "2"], ["3", "4"]], results.Select(r => r.Fields!.ToArray()));
        Assert.Equal([5L, 9L, 14L], results.Select(r => r.EndOffset));
        Assert.Equal([1L, 2L, 3L], results.Select(r => r.Line));
    }

    [Fact]
    public async Task ReadAsync_QuotedComma_IsOneField()
    {
        var results = await ReadCsvAllWaysAsync("\"a,b\",c,\"\"\n");

        Assert.Equal(["a,b", "c", ""], results.Single().Fields!);
    }

    [Fact]
    public async Task ReadAsync_DoubledQuotes_AreUnescaped()
    {
        var results = await ReadCsvAllWaysAsync("\"say \"\"hi\"\"\",\"\"\"\",\"\"\"\"\"\"\n");

        Assert.Equal(["say \"hi\"", "\"", "\"\""], results.Single().Fields!);
    }

    [Fact]
    public async Task ReadAsync_NewlinesInsideQuotes_AreDataAndCountAsLines()
    {
        var results = await ReadCsvAllWaysAsync("1,\"two\nlines\"\n2,\"crlf\r\ninside\"\r\n3,\"a\n\nb\"\n4,x\n");

        Assert.Equal(["1", "two\nlines"], results[0].Fields!);
        Assert.Equal(["2", "crlf\r\ninside"], results[1].Fields!);
        Assert.Equal(["3", "a\n\nb"], results[2].Fields!);
        Assert.Equal(["4", "x"], results[3].Fields!);
        Assert.Equal([1L, 3L, 5L, 8L], results.Select(r => r.Line));
        Assert.Equal([3L, 5L, 8L, 9L], results.Select(r => r.NextLine));
    }

    [Fact]
    public async Task ReadAsync_LoneCrInUnquotedField_IsData()
    {
        var results = await ReadCsvAllWaysAsync("a\rb,c\r\r\nd,e\n");

        Assert.Equal(["a\rb", "c\r"], results[0].Fields!);
        Assert.Equal(["d", "e"], results[1].Fields!);
        Assert.Equal(2, results[1].Line);
    }

    [Fact]
    public async Task ReadAsync_SpacesAroundValues_ArePreserved()
    {
        var results = await ReadCsvAllWaysAsync(" a , b \n");

        Assert.Equal([" a ", " b "], results.Single().Fields!);
    }

    [Fact]
    public async Task ReadAsync_EmptyFields_AreEmptyStrings()
    {
        var results = await ReadCsvAllWaysAsync(",,\na,\n,b\n\"\"\n");

        Assert.Equal([["", "", ""], ["a", ""], ["", "b"], [""]], results.Select(r => r.Fields!.ToArray()));
    }

    [Fact]
    public async Task ReadAsync_BomAtOffsetZero_IsSkippedButCounted()
    {
        var results = await ReadCsvAllWaysAsync("\uFEFFid,name\n1,x\n");

        Assert.Equal(["id", "name"], results[0].Fields!);
        Assert.Equal(11, results[0].EndOffset);
        Assert.Equal(1, results[0].Line);
    }

    [Fact]
    public async Task ReadAsync_BomOnly_HasNoRecords()
    {
        Assert.Empty(await ReadCsvAllWaysAsync("\uFEFF"));
        Assert.Empty(await ReadCsvAllWaysAsync(""));
    }

    [Fact]
    public async Task ReadAsync_BomAfterOffsetZero_IsData()
    {
        byte[] data = Utf8("x\n\uFEFFa\n");

        var results = await ReadCsvAsync(data, CsvReaderOptions.Default, startOffset: 2, startLine: 2);

        Assert.Equal(["\uFEFFa"], results.Single().Fields!);
        Assert.Equal(2, results.Single().Line);
    }

    [Fact]
    public async Task ReadAsync_EmptyLines_AreSkippedButCounted()
    {
        var results = await ReadCsvAllWaysAsync("\n\r\na\n\n\r\n\nb\n\n");

        Assert.Equal([["a"], ["b"]], results.Select(r => r.Fields!.ToArray()));
        Assert.Equal([3L, 7L], results.Select(r => r.Line));
        Assert.Equal([5L, 11L], results.Select(r => r.EndOffset));
    }

    [Fact]
    public async Task ReadAsync_FinalRecordWithoutTerminator_IsARecord()
    {
        var results = await ReadCsvAllWaysAsync("a,b\nc,\"d\"");

        Assert.Equal(["c", "d"], results[1].Fields!);
        Assert.Equal((2L, 9L, 2L), (results[1].Line, results[1].EndOffset, results[1].NextLine));
    }

    [Theory]
    [InlineData("a,b\r")]
    [InlineData("a,\"b\"\r")]
    public async Task ReadAsync_CrAtEndOfStream_IsATerminator(string text)
    {
        var results = await ReadCsvAllWaysAsync(text);

        Assert.Equal(["a", "b"], results.Single().Fields!);
        Assert.Equal(text.Length, results.Single().EndOffset);
    }

    [Fact]
    public async Task ReadAsync_TrailingCommaAtEndOfStream_EndsWithEmptyField()
    {
        var results = await ReadCsvAllWaysAsync("a,");

        Assert.Equal(["a", ""], results.Single().Fields!);
    }

    [Theory]
    [InlineData("café,naïve")]
    [InlineData("e\u0301,a\u0308\u0323")]
    [InlineData("😀,👍🏽,👨‍👩‍👧")]
    [InlineData("中文,日本語,한국어,العربية")]
    [InlineData("\"😀,\"\"𝄞\"\"\",\"e\u0301\n\"")]
    public async Task ReadAsync_Unicode_DecodesExactly(string row)
    {
        var results = await ReadCsvAllWaysAsync(row + "\n" + row + "\r\n");

        var expected = ExpectedUnicodeFields(row);
        Assert.Equal(expected, results[0].Fields!);
        Assert.Equal(expected, results[1].Fields!);
        Assert.Equal(Utf8(row + "\n").Length, results[0].EndOffset);
    }

    [Fact]
    public async Task ReadAsync_WrongColumnCount_RejectsWithLineAndContinues()
    {
        var results = await ReadCsvAllWaysAsync("a,b\nc\nd,e,f\ng,h\n", TwoColumns);

        Assert.Equal("wrong column count: expected 2, got 1", results[1].Rejection);
        Assert.Equal(2, results[1].Line);
        Assert.Equal("wrong column count: expected 2, got 3", results[2].Rejection);
        Assert.Equal(3, results[2].Line);
        Assert.Equal(["g", "h"], results[3].Fields!);
        Assert.Equal(4, results[3].Line);
    }

    [Fact]
    public async Task ReadAsync_ManyMoreColumnsThanExpected_CountsThemAll()
    {
        var results = await ReadCsvAllWaysAsync(new string(',', 99) + "\nx,y\n", TwoColumns);

        Assert.Equal("wrong column count: expected 2, got 100", results[0].Rejection);
        Assert.Equal(["x", "y"], results[1].Fields!);
    }

    [Fact]
    public async Task ReadAsync_EndOfStreamInsideQuotes_RejectsUnterminated()
    {
        var results = await ReadCsvAllWaysAsync("a,b\nc,\"d\n e,f\n");

        Assert.Equal(2, results.Count);
        Assert.Equal("unterminated quoted field", results[1].Rejection);
        Assert.Equal((2L, 14L, 4L), (results[1].Line, results[1].EndOffset, results[1].NextLine));
    }

    [Fact]
    public async Task ReadAsync_RecordLimitInsideQuotes_RejectsUnterminatedAndResyncsAfterNextLf()
    {
        // The stray quote would swallow the rest of the file; the reader gives up at 16 bytes and resumes after the LF
        // that follows the limit (the one ending "4,d").
        var options = new CsvReaderOptions { MaxRecordBytes = 16, ExpectedColumns = 2 };

        var results = await ReadCsvAllWaysAsync("1,\"oops\n2,b\n3,c\n4,d\n5,e\n6,f", options);

        Assert.Equal("unterminated quoted field", results[0].Rejection);
        Assert.Equal((1L, 20L, 5L), (results[0].Line, results[0].EndOffset, results[0].NextLine));
        Assert.Equal([["5", "e"], ["6", "f"]], results.Skip(1).Select(r => r.Fields!.ToArray()));
        Assert.Equal([5L, 6L], results.Skip(1).Select(r => r.Line));
    }

    [Fact]
    public async Task ReadAsync_FieldTooLarge_RejectsWithSizeAndContinues()
    {
        var options = new CsvReaderOptions { MaxFieldBytes = 4 };

        var results = await ReadCsvAllWaysAsync("abcd,\"ab\"\nx,12345\n\"abc\"\"\",y\nok,1\n", options);

        Assert.Equal(["abcd", "ab"], results[0].Fields!);
        Assert.Equal("field too large (5 bytes > 4)", results[1].Rejection);
        Assert.Equal(2, results[1].Line);
        Assert.Equal("field too large (5 bytes > 4)", results[2].Rejection);
        Assert.Equal(["ok", "1"], results[3].Fields!);
        Assert.Equal(4, results[3].Line);
    }

    [Fact]
    public async Task ReadAsync_RecordTooLarge_RejectsAndResyncsAtItsEnd()
    {
        var options = new CsvReaderOptions { MaxRecordBytes = 8 };

        var results = await ReadCsvAllWaysAsync("a,b\n12345,78901234\n1234567\nc,d", options);

        Assert.Equal(["a", "b"], results[0].Fields!);
        Assert.Equal("record too large", results[1].Rejection);
        Assert.Equal((2L, 19L, 3L), (results[1].Line, results[1].EndOffset, results[1].NextLine));
        Assert.Equal(["1234567"], results[2].Fields!);
        Assert.Equal(["c", "d"], results[3].Fields!);
        Assert.Equal(4, results[3].Line);
    }

    [Fact]
    public async Task ReadAsync_RecordTooLargeAtEndOfStream_RejectsAndEnds()
    {
        var options = new CsvReaderOptions { MaxRecordBytes = 8 };

        var results = await ReadCsvAllWaysAsync("a\n123456789", options);

        Assert.Equal("record too large", results[1].Rejection);
        Assert.Equal((2L, 11L, 2L), (results[1].Line, results[1].EndOffset, results[1].NextLine));
        Assert.Equal(2, results.Count);
    }

    [Fact]
    public async Task ReadAsync_VeryLongLine_IsRejectedWithoutBufferingIt()
    {
        var options = new CsvReaderOptions { MaxRecordBytes = 1024 };
        byte[] data = Utf8("a\n" + new string('x', 5_000_000) + "\nb\n");

        var results = await ReadCsvAsync(data, options);

        Assert.Equal(["a"], results[0].Fields!);
        Assert.Equal("record too large", results[1].Rejection);
        Assert.Equal(["b"], results[2].Fields!);
        Assert.Equal(3, results[2].Line);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
    public async Task ReadAsync_InvalidUtf8_RejectsAndContinues(byte[] invalid)
    {
        byte[] data = [.. Utf8("a,\""), .. invalid, .. Utf8("\"\nb,"), .. invalid, .. Utf8("x\nc,d\n")];

        var results = await ReadCsvAllWaysAsync(data);

        Assert.Equal(["invalid UTF-8", "invalid UTF-8"], results.Take(2).Select(r => r.Rejection));
        Assert.Equal(["c", "d"], results[2].Fields!);
        Assert.Equal(3, results[2].Line);
    }

    [Theory]
    [InlineData("ab\"c,d\ne,f\n")]
    [InlineData("a,b\"\ne,f\n")]
    [InlineData("a,b\"\"\ne,f\n")]
    public async Task ReadAsync_QuoteInsideUnquotedField_RejectsThatLineOnly(string text)
    {
        var results = await ReadCsvAllWaysAsync(text);

        Assert.Equal("quote in the middle of an unquoted field", results[0].Rejection);
        Assert.Equal(["e", "f"], results[1].Fields!);
        Assert.Equal(2, results[1].Line);
    }

    [Theory]
    [InlineData("\"ab\"c,d\ne,f\n")]
    [InlineData("\"ab\" ,d\ne,f\n")]
    [InlineData("x,\"ab\"\"\"c\ne,f\n")]
    [InlineData("\"ab\"\rc\ne,f\n")]
    [InlineData("\"ab\"\"\"x\"y\"\ne,f\n")]
    public async Task ReadAsync_TextAfterClosingQuote_RejectsThatRecordOnly(string text)
    {
        var results = await ReadCsvAllWaysAsync(text);

        Assert.Equal("text after a closing quote", results[0].Rejection);
        Assert.Equal(["e", "f"], results[1].Fields!);
        Assert.Equal(2, results[1].Line);
    }

    [Fact]
    public async Task ReadAsync_FirstProblemOfARecord_IsTheReason()
    {
        var options = new CsvReaderOptions { MaxFieldBytes = 3, ExpectedColumns = 5 };

        var results = await ReadCsvAllWaysAsync("a\"b,\"x\"y,toolong\n", options);

        Assert.Equal("quote in the middle of an unquoted field", results.Single().Rejection);
    }

    [Fact]
    public async Task ReadAsync_Rejections_NeverContainValues()
    {
        const string secret = "SECRETVALUE";
        var options = new CsvReaderOptions { MaxFieldBytes = 8, MaxRecordBytes = 64, ExpectedColumns = 2 };
        string text = $"{secret}\nx,{secret}\n\"{secret}\"x,y\n{secret}\",y\nx,{new string('y', 80)}{secret}\nx,\"{secret}";

        var results = await ReadCsvAllWaysAsync(text, options);

        Assert.Equal(6, results.Count);
        Assert.All(results, r => Assert.True(r.IsRejected));
        Assert.All(results, r => Assert.DoesNotContain(secret, r.Rejection, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_AfterEachKindOfRejection_ReadsTheFollowingRecordsIntact()
    {
        var options = new CsvReaderOptions { MaxFieldBytes = 10, MaxRecordBytes = 32, ExpectedColumns = 2 };
        string text =
            "h1,h2\n" +
            "only-one\n" + "r3,ok\n" +
            "big,01234567890\n" + "r5,ok\n" +
            "\"long,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n" + "r7,ok\n" +
            "x,0123456789012345678901234567890123\n" + "r9,ok\n" +
            "a\"b,c\n" + "r11,ok\n" +
            "\"a\"b,c\n" + "r13,ok\n";
        byte[] data = [.. Utf8(text), .. Utf8("bad,\"\u00e9"), 0xFF, .. Utf8("\"\n"), .. Utf8("r15,ok\n\"unterminated,\nend")];

        var results = await ReadCsvAllWaysAsync(data, options);

        Assert.Equal(
            [
                "line 1..2 end 6: [h1|h2]",
                "line 2..3 end 15: REJECTED wrong column count: expected 2, got 1",
                "line 3..4 end 21: [r3|ok]",
                "line 4..5 end 37: REJECTED field too large (11 bytes > 10)",
                "line 5..6 end 43: [r5|ok]",
                "line 6..7 end 94: REJECTED unterminated quoted field",
                "line 7..8 end 100: [r7|ok]",
                "line 8..9 end 137: REJECTED record too large",
                "line 9..10 end 143: [r9|ok]",
                "line 10..11 end 149: REJECTED quote in the middle of an unquoted field",
                "line 11..12 end 156: [r11|ok]",
                "line 12..13 end 163: REJECTED text after a closing quote",
                "line 13..14 end 170: [r13|ok]",
                "line 14..15 end 180: REJECTED invalid UTF-8",
                "line 15..16 end 187: [r15|ok]",
                "line 16..17 end 205: REJECTED unterminated quoted field",
            ],
            results.Select(Describe));
    }

    [Fact]
    public async Task Offset_AfterEachRecord_IsItsEndOffset()
    {
        byte[] data = Utf8("a\n\"b\nc\"\nd");
        using var stream = new MemoryStream(data);
        using var reader = new CsvRecordReader(stream, 0, 1, CsvReaderOptions.Default);

        Assert.Equal((0L, 1L), (reader.Offset, reader.Line));
        var first = await reader.ReadAsync();
        Assert.Equal((first!.EndOffset, first.NextLine), (reader.Offset, reader.Line));
        var second = await reader.ReadAsync();
        Assert.Equal((8L, 4L), (reader.Offset, reader.Line));
        Assert.Equal(["b\nc"], second!.Fields!);
        Assert.NotNull(await reader.ReadAsync());
        Assert.Null(await reader.ReadAsync());
        Assert.Null(await reader.ReadAsync());
        Assert.Equal((9L, 4L), (reader.Offset, reader.Line));
    }

    [Fact]
    public void Constructor_InvalidArguments_Throw()
    {
        using var stream = new MemoryStream();
        Assert.Throws<ArgumentOutOfRangeException>(() => new CsvRecordReader(stream, 0, 0, CsvReaderOptions.Default));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CsvRecordReader(stream, -1, 1, CsvReaderOptions.Default));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CsvRecordReader(stream, 0, 1, new CsvReaderOptions { ExpectedColumns = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CsvRecordReader(stream, 0, 1, new CsvReaderOptions { MaxFieldBytes = 0 }));
    }

    private static string[] ExpectedUnicodeFields(string row)
    {
        // The rows above have no escaped commas except the last one, which is spelled out.
        return row.StartsWith('"') ? ["😀,\"𝄞\"", "e\u0301\n"] : row.Split(',');
    }
}
