using Orchestrator.Buffers;

namespace Orchestrator.Reports;

/// <summary>A read-only stream over a byte range of a synthetic report, generated row by row as it is read.</summary>
internal sealed class SyntheticReportStream : ReadOnlyStream
{
    private readonly ulong seed;
    private readonly DateOnly day;
    private readonly long end;
    private readonly byte[] row = new byte[SyntheticInsightsReport.RowLength];
    private long position;
    private long bufferedRow = -1;

    public SyntheticReportStream(ulong seed, DateOnly day, long offset, long length)
    {
        this.seed = seed;
        this.day = day;
        this.position = offset;
        this.end = offset + length;
    }

    public override int Read(byte[] buffer, int offset, int count) => this.Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        byte[] header = SyntheticInsightsReport.Header;
        int rowLength = SyntheticInsightsReport.RowLength;
        int written = 0;
        while (written < buffer.Length && this.position < this.end)
        {
            int take;
            if (this.position < header.Length)
            {
                take = (int)Math.Min(Math.Min(header.Length - this.position, buffer.Length - written), this.end - this.position);
                header.AsSpan((int)this.position, take).CopyTo(buffer[written..]);
            }
            else
            {
                long dataOffset = this.position - header.Length;
                long rowIndex = dataOffset / rowLength;
                int inRow = (int)(dataOffset % rowLength);
                take = (int)Math.Min(Math.Min(rowLength - inRow, buffer.Length - written), this.end - this.position);
                if (inRow == 0 && take == rowLength)
                {
                    SyntheticInsightsReport.WriteRow(this.seed, this.day, rowIndex, buffer.Slice(written, rowLength));
                }
                else
                {
                    if (this.bufferedRow != rowIndex)
                    {
                        SyntheticInsightsReport.WriteRow(this.seed, this.day, rowIndex, this.row);
                        this.bufferedRow = rowIndex;
                    }

                    this.row.AsSpan(inRow, take).CopyTo(buffer[written..]);
                }
            }

            written += take;
            this.position += take;
        }

        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(this.Read(buffer.Span));
}
