using System.Text;
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
}
