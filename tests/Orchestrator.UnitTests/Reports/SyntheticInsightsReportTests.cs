using System.Text;
using Orchestrator.Reports;

namespace Orchestrator.UnitTests.Reports;

public sealed class SyntheticInsightsReportTests
{
    private static readonly ReportLocator Locator = new("tenant-1", "insights", new DateOnly(2025, 3, 7));

    [Fact]
    public void Header_Columns_IsCommaSeparatedColumnNamesWithNewline()
    {
        Assert.Equal(string.Join(',', SyntheticInsightsReport.Columns) + "\n", Encoding.UTF8.GetString(SyntheticInsightsReport.Header));
    }

    [Fact]
    public void WriteRow_ManyRows_EachIsRowLengthEndingInNewlineWithAllColumns()
    {
        ulong seed = SyntheticInsightsReport.Seed(Locator);
        int length = SyntheticInsightsReport.RowLength;
        var buffer = new byte[length + 16];
        for (long row = 0; row < 2_000; row++)
        {
            buffer.AsSpan().Fill(0xFF);
            SyntheticInsightsReport.WriteRow(seed, Locator.Period, row, buffer);

            var written = buffer.AsSpan(0, length);
            Assert.Equal((byte)'\n', written[^1]);
            Assert.Equal(-1, written[..^1].IndexOf((byte)'\n'));
            Assert.Equal((byte)0xFF, buffer[length]);
            string text = Encoding.ASCII.GetString(written[..^1]);
            string[] fields = text.Split(',');
            Assert.Equal(SyntheticInsightsReport.Columns.Count, fields.Length);
            Assert.Equal("2025-03-07", fields[0]);
            Assert.StartsWith("2025-03-07T", fields[^1], StringComparison.Ordinal);
        }
    }

    // The header is 139 bytes ("event_date,...,last_seen_utc\n") and every row 109 (fixed-width fields, newline included).
    [Theory]
    [InlineData(0, 139)]
    [InlineData(1, 248)]
    [InlineData(1_000_000, 109_000_139)]
    public void Length_Rows_IsHeaderPlusRowsTimesRowLength(long rows, long expected)
    {
        Assert.Equal(expected, SyntheticInsightsReport.Length(rows));
    }

    [Fact]
    public void Open_WholeReport_HasHeaderAndRowsCountOfLines()
    {
        const int rows = 50;
        byte[] bytes = Read(Locator, 0, SyntheticInsightsReport.Length(rows));

        Assert.Equal(SyntheticInsightsReport.Header, bytes[..SyntheticInsightsReport.Header.Length]);
        Assert.Equal(rows + 1, bytes.Count(b => b == (byte)'\n'));
        Assert.Equal((byte)'\n', bytes[^1]);
    }

    [Fact]
    public void Open_SameLocator_ReturnsSameBytes()
    {
        long length = SyntheticInsightsReport.Length(200);

        Assert.Equal(Read(Locator, 0, length), Read(Locator with { }, 0, length));
    }

    [Fact]
    public void Open_DifferentDay_ReturnsDifferentRows()
    {
        long length = SyntheticInsightsReport.Length(200);
        int header = SyntheticInsightsReport.Header.Length;

        byte[] today = Read(Locator, header, length - header);
        byte[] tomorrow = Read(Locator with { Period = Locator.Period.AddDays(1) }, header, length - header);

        Assert.NotEqual(today, tomorrow);
    }

    [Fact]
    public void Open_DifferentTenant_ReturnsDifferentRows()
    {
        long length = SyntheticInsightsReport.Length(200);
        int header = SyntheticInsightsReport.Header.Length;

        Assert.NotEqual(Read(Locator, header, length - header), Read(Locator with { TenantId = "tenant-2" }, header, length - header));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Open_ArbitraryRanges_ConcatenateToWholeReport(int seed)
    {
        const int rows = 1_000;
        long total = SyntheticInsightsReport.Length(rows);
        byte[] whole = Read(Locator, 0, total);
        var random = new Random(seed);

        // Random cut points, plus cuts inside the header and inside the first row, so ranges split both.
        var cuts = new SortedSet<long> { 0, total, 1, SyntheticInsightsReport.Header.Length - 3, SyntheticInsightsReport.Header.Length + 7 };
        while (cuts.Count < 40)
        {
            cuts.Add(random.NextInt64(1, total));
        }

        long[] points = [.. cuts];
        using var joined = new MemoryStream();
        for (int i = 0; i < points.Length - 1; i++)
        {
            joined.Write(Read(Locator, points[i], points[i + 1] - points[i], readSize: random.Next(1, 300)));
        }

        Assert.Equal(whole, joined.ToArray());
    }

    [Fact]
    public void Open_RangeStartingMidRow_MatchesSliceOfWhole()
    {
        long total = SyntheticInsightsReport.Length(100);
        byte[] whole = Read(Locator, 0, total);
        long offset = SyntheticInsightsReport.Header.Length + (37 * SyntheticInsightsReport.RowLength) + 11;

        byte[] slice = Read(Locator, offset, 500);

        Assert.Equal(whole.AsSpan((int)offset, 500).ToArray(), slice);
    }

    private static byte[] Read(ReportLocator locator, long offset, long length, int readSize = 8192)
    {
        using var stream = SyntheticInsightsReport.Open(locator, offset, length);
        using var copy = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            copy.Write(buffer, 0, read);
        }

        Assert.Equal(length, copy.Length);
        return copy.ToArray();
    }
}
