using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsCheck;
using Orchestrator.Imports.Parsing;
using static Orchestrator.UnitTests.Imports.Parsing.ParsingTestSupport;

namespace Orchestrator.UnitTests.Imports.Parsing;

/// <summary>Random flat objects written by System.Text.Json read back as the same attributes, whole or resumed.</summary>
public sealed class JsonLinesRoundTripPropertyTests
{
    private static readonly Gen<string> Text = Gen.Frequency(
        (6, Gen.Char['a', 'z'].Select(c => c.ToString())),
        (3, Gen.OneOf(",", "\"", "\\", "\r", "\n", " ", "/", "\t", "\0", "\u2028")),
        (2, Gen.OneOf("é", "e\u0301", "😀", "👍🏽", "中文", "𝄞", "\uFEFF")))
        .Array[0, 8].Select(string.Concat);

    private static readonly Gen<object?> Value = Gen.OneOf<object?>(
        Text.Select(s => (object?)s),
        Gen.Long.Select(l => (object?)l),
        Gen.Double.Where(double.IsFinite).Select(d => (object?)d),
        Gen.Bool.Select(b => (object?)b),
        Gen.Bool.Select(_ => (object?)null));

    private static readonly Gen<(string Name, object? Value)[][]> Lines =
        Gen.Select(Text, Value).Array[0, 6].Select(pairs => pairs.DistinctBy(p => p.Item1).ToArray()).Array[1, 20];

    [Fact]
    public async Task WrittenObjects_ReadBackAsTheSameAttributes()
    {
        await Lines.Select(Gen.Bool, Gen.Bool, Gen.Int[1, 40]).SampleAsync(async (lines, crlf, relaxed, maxRead) =>
        {
            byte[] data = Write(lines, crlf, relaxed);

            var results = await ReadJsonLinesAsync(data, maxRead: maxRead);

            Assert.Equal(lines.Length, results.Count);
            for (int i = 0; i < lines.Length; i++)
            {
                Assert.Null(results[i].Rejection);
                Assert.Equal(i + 1, results[i].Line);
                AssertSameAttributes(lines[i], results[i].Attributes!);
            }

            Assert.Equal(data.Length, results[^1].EndOffset);

            // Resume at a random record boundary.
            int k = lines.Length / 2;
            var rest = await ReadJsonLinesAsync(data, results[k].EndOffset, results[k].NextLine, maxRead);
            Assert.Equal(results[(k + 1)..].Select(Describe), rest.Select(Describe));
        }, iter: 300);
    }

    private static byte[] Write((string Name, object? Value)[][] lines, bool crlf, bool relaxed)
    {
        var output = new ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions { Encoder = relaxed ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping : JavaScriptEncoder.Default };
        foreach (var line in lines)
        {
            using (var writer = new Utf8JsonWriter(output, options))
            {
                writer.WriteStartObject();
                foreach (var (name, value) in line)
                {
                    switch (value)
                    {
                        case string s:
                            writer.WriteString(name, s);
                            break;
                        case long l:
                            writer.WriteNumber(name, l);
                            break;
                        case double d:
                            writer.WriteNumber(name, d);
                            break;
                        case bool b:
                            writer.WriteBoolean(name, b);
                            break;
                        default:
                            writer.WriteNull(name);
                            break;
                    }
                }

                writer.WriteEndObject();
            }

            output.Write(crlf ? "\r\n"u8 : "\n"u8);
        }

        return output.WrittenSpan.ToArray();
    }

    private static void AssertSameAttributes((string Name, object? Value)[] expected, IReadOnlyList<JsonAttribute> actual)
    {
        var present = expected.Where(p => p.Value is not null).ToArray();
        Assert.Equal(present.Length, actual.Count);
        for (int i = 0; i < present.Length; i++)
        {
            var (name, value) = present[i];
            Assert.Equal(name, actual[i].Name);
            switch (value)
            {
                case string s:
                    Assert.Equal(new JsonAttribute(name, s, JsonAttributeKind.String), actual[i]);
                    break;
                case long l:
                    Assert.Equal(JsonAttributeKind.Number, actual[i].Kind);
                    Assert.Equal(l, long.Parse(actual[i].Value, CultureInfo.InvariantCulture));
                    break;
                case double d:
                    Assert.Equal(JsonAttributeKind.Number, actual[i].Kind);
                    Assert.Equal(d, double.Parse(actual[i].Value, CultureInfo.InvariantCulture));
                    break;
                case bool b:
                    Assert.Equal(new JsonAttribute(name, b ? "true" : "false", JsonAttributeKind.Boolean), actual[i]);
                    break;
            }
        }
    }
}
