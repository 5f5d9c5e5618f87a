using Orchestrator.Imports.Parsing;
using static Orchestrator.UnitTests.Imports.Parsing.ParsingTestSupport;

namespace Orchestrator.UnitTests.Imports.Parsing;

public sealed class JsonLinesRecordReaderTests
{
    [Fact]
    public async Task ReadAsync_MoreNamesThanTheCap_RejectsNamingTheCapNullsIncludedAndReadsOn()
    {
        string keys = "{" + string.Join(',', Enumerable.Range(0, 50_000).Select(i => $"\"k{i}\":null")) + "}\n";

        var results = await ReadJsonLinesAllWaysAsync(keys + "{\"a\":1,\"b\":null,\"c\":2}\n", new JsonLinesReaderOptions { MaxNames = 3 });

        Assert.Equal(["too many columns: more than 3 per row", null], results.Select(r => r.Rejection));
        Assert.Equal(2, results[1].Attributes!.Count);
    }

    [Fact]
    public async Task ReadAsync_FlatObject_ReturnsAttributesInOrderWithoutNulls()
    {
        var results = await ReadJsonLinesAllWaysAsync("{\"a\":\"x\",\"n\":1.50,\"b\":true,\"z\":null,\"f\":false,\"i\":-3}\n");

        Assert.Equal(
            [
                new JsonAttribute("a", "x", JsonAttributeKind.String),
                new JsonAttribute("n", "1.50", JsonAttributeKind.Number),
                new JsonAttribute("b", "true", JsonAttributeKind.Boolean),
                new JsonAttribute("f", "false", JsonAttributeKind.Boolean),
                new JsonAttribute("i", "-3", JsonAttributeKind.Number),
            ],
            results.Single().Attributes!);
        Assert.Equal((1L, 54L, 2L), (results[0].Line, results[0].EndOffset, results[0].NextLine));
    }

    [Theory]
    [InlineData("1e3")]
    [InlineData("-0")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("0.1000000000000000055511151231257827")]
    public async Task ReadAsync_Number_KeepsItsTextExactly(string number)
    {
        var results = await ReadJsonLinesAllWaysAsync($"{{\"n\":{number}}}");

        Assert.Equal(new JsonAttribute("n", number, JsonAttributeKind.Number), results.Single().Attributes!.Single());
    }

    [Fact]
    public async Task ReadAsync_EscapesAndUnicode_AreUnescaped()
    {
        var results = await ReadJsonLinesAllWaysAsync("{\"s\":\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\",\"名前\":\"😀 e\u0301 👍🏽\",\"\\u0041\":\"\"}\n");

        Assert.Equal(
            [
                new JsonAttribute("s", "a\"b\\c\né😀", JsonAttributeKind.String),
                new JsonAttribute("名前", "😀 e\u0301 👍🏽", JsonAttributeKind.String),
                new JsonAttribute("A", "", JsonAttributeKind.String),
            ],
            results.Single().Attributes!);
    }

    [Fact]
    public async Task ReadAsync_CrLfBlankLinesBomAndNoFinalTerminator_AreHandled()
    {
        var results = await ReadJsonLinesAllWaysAsync("\uFEFF{\"a\":1}\r\n\r\n   \n\t\r\n{ \"b\" : 2 }\r\n{}\n\n{\"c\":3}");

        Assert.Equal(["{a=1:Number}", "{b=2:Number}", "{}", "{c=3:Number}"], results.Select(r => r.IsRejected ? r.Rejection : "{" + string.Join("|", r.Attributes.Select(a => $"{a.Name}={a.Value}:{a.Kind}")) + "}"));
        Assert.Equal([1L, 5L, 6L, 8L], results.Select(r => r.Line));
        Assert.Equal([12L, 34L, 37L, 45L], results.Select(r => r.EndOffset));
        Assert.Equal(8, results[^1].NextLine);
    }

    [Theory]
    [InlineData("{\"addr\":{\"city\":\"x\"}}", "nested values are not supported in attribute 'addr'")]
    [InlineData("{\"a\":1,\"tags\":[\"x\"]}", "nested values are not supported in attribute 'tags'")]
    [InlineData("{\"a\":1", "invalid JSON")]
    [InlineData("{a:1}", "invalid JSON")]
    [InlineData("{\"a\":1,}", "invalid JSON")]
    [InlineData("{\"a\":1} x", "invalid JSON")]
    [InlineData("{\"a\":1}{}", "invalid JSON")]
    [InlineData("{\"a\":1} // note", "invalid JSON")]
    [InlineData("{\"a\":'x'}", "invalid JSON")]
    [InlineData("{\"a\":\"\\ud800\"}", "invalid JSON")]
    [InlineData("{\"a\":NaN}", "invalid JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("\"x\"", "not a JSON object")]
    [InlineData("42", "not a JSON object")]
    [InlineData("null", "not a JSON object")]
    [InlineData("{\"a\":1,\"a\":2}", "duplicate attribute 'a'")]
    [InlineData("{\"a\":null,\"a\":2}", "duplicate attribute 'a'")]
    public async Task ReadAsync_BadLine_IsRejectedWithLineAndReadingContinues(string bad, string reason)
    {
        var results = await ReadJsonLinesAllWaysAsync("{\"ok\":1}\n" + bad + "\n{\"ok\":3}\n");

        Assert.Equal(reason, results[1].Rejection);
        Assert.Equal(2, results[1].Line);
        Assert.Equal(new JsonAttribute("ok", "3", JsonAttributeKind.Number), results[2].Attributes!.Single());
        Assert.Equal(3, results[2].Line);
    }

    [Fact]
    public async Task ReadAsync_ManyAttributes_FindsDuplicatesBeyondTheListLimit()
    {
        string names = string.Join(",", Enumerable.Range(0, 40).Select(i => $"\"k{i}\":{i}"));

        var results = await ReadJsonLinesAllWaysAsync("{" + names + "}\n{" + names + ",\"k3\":1}\n");

        Assert.Equal(40, results[0].Attributes!.Count);
        Assert.Equal("duplicate attribute 'k3'", results[1].Rejection);
    }

    [Fact]
    public async Task ReadAsync_InvalidUtf8_IsRejected()
    {
        byte[] data = [.. Utf8("{\"a\":\""), 0xFF, .. Utf8("\"}\n{\"b\":\"\u00e9\"}\n")];

        var results = await ReadJsonLinesAsync(data, maxRead: 1);

        Assert.Equal("invalid UTF-8", results[0].Rejection);
        Assert.Equal(new JsonAttribute("b", "é", JsonAttributeKind.String), results[1].Attributes!.Single());
    }

    [Fact]
    public async Task ReadAsync_LineTooLong_IsRejectedAndReadingResumesAfterIt()
    {
        var options = new JsonLinesReaderOptions { MaxRecordBytes = 16 };

        var results = await ReadJsonLinesAllWaysAsync("{\"a\":1}\n{\"a\":\"0123456789012345678901234567890\"}\n{\"b\":2}\n{\"c\":\"012345678901234", options);

        Assert.Equal(
            ["{a=1:Number}", "record too large", "{b=2:Number}", "record too large"],
            results.Select(r => r.IsRejected ? r.Rejection : "{" + string.Join("|", r.Attributes.Select(a => $"{a.Name}={a.Value}:{a.Kind}")) + "}"));
        Assert.Equal([1L, 2L, 3L, 4L], results.Select(r => r.Line));
        Assert.Equal((4L, 4L, 77L), (results[3].Line, results[3].NextLine, results[3].EndOffset));
    }

    [Fact]
    public async Task ReadAsync_Rejections_NeverContainValues()
    {
        const string secret = "SECRETVALUE";
        string text = $"{{\"a\":\"{secret}\"\n{{\"a\":{{\"b\":\"{secret}\"}}}}\n[\"{secret}\"]\n{{\"a\":\"{secret}\",\"a\":\"{secret}\"}}\n{secret}\n";

        var results = await ReadJsonLinesAllWaysAsync(text);

        Assert.Equal(5, results.Count);
        Assert.All(results, r => Assert.DoesNotContain(secret, r.Rejection!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resume_AtEveryBoundary_ReadsTheSameRemainingRecords()
    {
        byte[] data = Utf8("\uFEFF{\"a\":1}\r\n\n{\"b\":{}}\n{\"c\":\"x\\ny\"}\n{bad\n{\"d\":true}");
        foreach (int maxRead in new[] { int.MaxValue, 1, 4 })
        {
            var all = await ReadJsonLinesAsync(data, maxRead: maxRead);
            Assert.Equal(5, all.Count);
            for (int i = 0; i < all.Count; i++)
            {
                var rest = await ReadJsonLinesAsync(data, all[i].EndOffset, all[i].NextLine, maxRead);
                Assert.Equal(all[(i + 1)..].Select(Describe), rest.Select(Describe));
            }
        }
    }
}
