using Orchestrator.Exports.Models;

namespace Orchestrator.Exports;

/// <summary>Counts line feeds by quote parity while bytes stream past (vectorised between quotes).</summary>
internal sealed class CsvLineCounter
{
    private long even;
    private long odd;
    private bool oddQuotes;

    public byte LastByte { get; private set; }

    public PartLines Result => new(this.even, this.odd, this.oddQuotes);

    public void Add(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        this.LastByte = data[^1];
        while (!data.IsEmpty)
        {
            int quote = data.IndexOf((byte)'"');
            var segment = quote < 0 ? data : data[..quote];
            long newlines = segment.Count((byte)'\n');
            if (this.oddQuotes)
            {
                this.odd += newlines;
            }
            else
            {
                this.even += newlines;
            }

            if (quote < 0)
            {
                break;
            }

            this.oddQuotes = !this.oddQuotes;
            data = data[(quote + 1)..];
        }
    }
}
