using System.Text;
using CsCheck;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;

namespace Orchestrator.UnitTests.Exports;

public sealed class CsvLineCounterTests
{
    private const string Csv = "id,note\n1,\"two\nlines\"\n2,\"a \"\"quoted\"\"\nvalue\"\n3,plain\n4,\"x\"\n";

    [Fact]
    public void CountRecords_WholeFileAsOnePart_CountsOnlyLineFeedsOutsideQuotes()
    {
        var counter = new CsvLineCounter();
        counter.Add(Encoding.UTF8.GetBytes(Csv));

        Assert.Equal(5, PartLines.CountRecords([counter.Result])); // header + 4 records
        Assert.Equal((byte)'\n', counter.LastByte);
    }

    [Fact]
    public void CountRecords_EverySplitIntoThreeParts_MatchesTheWholeFile()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(Csv);
        for (int a = 0; a <= bytes.Length; a++)
        {
            for (int b = a; b <= bytes.Length; b++)
            {
                var parts = new[] { bytes[..a], bytes[a..b], bytes[b..] }.Select(part =>
                {
                    var counter = new CsvLineCounter();
                    counter.Add(part);
                    return counter.Result;
                });

                Assert.Equal(5, PartLines.CountRecords(parts));
            }
        }
    }

    [Fact]
    public void Add_AnyBytesInAnyPieces_MatchesAByteByByteCount()
    {
        // Bytes drawn mostly from quotes, line feeds and one other byte, so blocks hold every mix of the two.
        var bytes = Gen.Frequency((3, Gen.OneOf((byte)'"', (byte)'\n', (byte)'a')), (1, Gen.Byte)).Array[0, 700];
        Gen.Select(bytes, Gen.Int[1, 200], Gen.Bool).Sample(
            (data, piece, startInside) =>
            {
                var counter = new CsvLineCounter();
                if (startInside)
                {
                    counter.Add("\""u8); // the parity carried in from an earlier piece
                }

                for (int at = 0; at < data.Length; at += piece)
                {
                    counter.Add(data.AsSpan(at, Math.Min(piece, data.Length - at)));
                }

                var expected = Reference(data, startInside);
                Assert.Equal(expected, counter.Result);
                Assert.Equal(data.Length == 0 ? (byte)(startInside ? '"' : 0) : data[^1], counter.LastByte);
            },
            iter: 3000);
    }

    private static PartLines Reference(byte[] data, bool inside)
    {
        long even = 0, odd = 0;
        foreach (byte b in data)
        {
            if (b == (byte)'"')
            {
                inside = !inside;
            }
            else if (b == (byte)'\n')
            {
                _ = inside ? odd++ : even++;
            }
        }

        return new PartLines(even, odd, inside);
    }
}
