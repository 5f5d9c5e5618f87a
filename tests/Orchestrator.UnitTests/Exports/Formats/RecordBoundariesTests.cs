using System.Text;
using Orchestrator.Exports.Formats;

namespace Orchestrator.UnitTests.Exports.Formats;

public sealed class RecordBoundariesTests
{
    private const string Csv = "id,note\n1,\"two\nlines\"\n2,\"a \"\"quoted\"\"\nvalue\"\n3,plain\n4,\"x\"\n5,\"\n\n\"\n6,z\n";

    [Fact]
    public void Chain_EveryRangeSize_StartsEveryPartAtARecordStartOutsideQuotes()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(Csv);
        var recordStarts = RecordStarts(Csv);
        for (int size = 1; size <= bytes.Length; size++)
        {
            var ranges = new List<RangeQuotes>();
            for (int offset = 0; offset < bytes.Length; offset += size)
            {
                var scanner = new RecordBoundaries.Scanner();
                foreach (byte b in bytes.AsSpan(offset, Math.Min(size, bytes.Length - offset)).ToArray())
                {
                    scanner.Add([b]); // byte by byte: the scan must not depend on how the range is fed
                }

                ranges.Add(scanner.Result);
            }

            var starts = RecordBoundaries.Chain(ranges, size, bytes.Length);

            Assert.Equal(0, starts[0]);
            Assert.All(starts, s => Assert.Contains(s, recordStarts));
            Assert.Equal(starts.Distinct().Order(), starts);
        }
    }

    [Fact]
    public void Chain_RangesLargerThanTheFile_OnePart()
    {
        var scanner = new RecordBoundaries.Scanner();
        scanner.Add(Encoding.UTF8.GetBytes(Csv));

        Assert.Equal([0L], RecordBoundaries.Chain([scanner.Result], 1 << 20, Csv.Length));
    }

    [Fact]
    public void TryParse_WireNames_RoundTripAndRejectOthers()
    {
        foreach (var format in Enum.GetValues<ExportFormat>())
        {
            Assert.True(ExportFormats.TryParse(ExportFormats.Name(format).ToUpperInvariant(), out var parsed));
            Assert.Equal(format, parsed);
        }

        Assert.False(ExportFormats.TryParse("avro", out _));
        Assert.False(ExportFormats.TryParse(null, out _));
    }

    /// <summary>Offsets where records start, found by walking the whole text with its quote state.</summary>
    private static HashSet<long> RecordStarts(string csv)
    {
        var starts = new HashSet<long> { 0 };
        bool quoted = false;
        for (int i = 0; i < csv.Length; i++)
        {
            if (csv[i] == '"')
            {
                quoted = !quoted;
            }
            else if (csv[i] == '\n' && !quoted)
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }
}
