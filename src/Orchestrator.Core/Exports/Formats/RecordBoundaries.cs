namespace Orchestrator.Exports.Formats;

/// <summary>
/// Record-aligned part starts for the typed formats. Every nominal range of a CSV is scanned independently (in
/// parallel), then <see cref="Chain"/> carries the quote parity from the start of the file, so a line feed inside a
/// quoted field is never taken for a record end (RFC 4180: quotes only delimit or double inside quoted fields).
/// </summary>
public static class RecordBoundaries
{
    /// <summary>Incremental scan of one range; feed it the range's bytes in order.</summary>
    public sealed class Scanner
    {
        private long position;
        private bool odd;
        private long firstEven = -1;
        private long firstOdd = -1;

        public RangeQuotes Result => new(this.odd, this.firstEven, this.firstOdd);

        public void Add(ReadOnlySpan<byte> bytes)
        {
            int i = 0;
            while (i < bytes.Length)
            {
                int hit = this.firstEven >= 0 && this.firstOdd >= 0 ? bytes[i..].IndexOf((byte)'"') : bytes[i..].IndexOfAny((byte)'"', (byte)'\n');
                if (hit < 0)
                {
                    break;
                }

                i += hit;
                if (bytes[i] == (byte)'"')
                {
                    this.odd = !this.odd;
                }
                else if (this.odd && this.firstOdd < 0)
                {
                    this.firstOdd = this.position + i;
                }
                else if (!this.odd && this.firstEven < 0)
                {
                    this.firstEven = this.position + i;
                }

                i++;
            }

            this.position += bytes.Length;
        }
    }

    /// <summary>
    /// Part start offsets (the first is 0): for each range after the first, just after its first line feed outside
    /// quotes. A range without one (a record longer than a range) joins the previous part.
    /// </summary>
    public static IReadOnlyList<long> Chain(IReadOnlyList<RangeQuotes> ranges, long bytesPerRange, long length)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var starts = new List<long> { 0 };
        bool insideQuotes = false;
        for (int k = 1; k < ranges.Count; k++)
        {
            insideQuotes ^= ranges[k - 1].OddQuotes;
            long lf = insideQuotes ? ranges[k].FirstLfAtOddQuotes : ranges[k].FirstLfAtEvenQuotes;
            long start = (k * bytesPerRange) + lf + 1;
            if (lf >= 0 && start < length && start > starts[^1])
            {
                starts.Add(start);
            }
        }

        return starts;
    }
}
