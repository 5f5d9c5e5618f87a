using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Orchestrator.Exports.Models;

namespace Orchestrator.Exports;

/// <summary>
/// Counts line feeds by quote parity while bytes stream past, in one pass of 64-byte blocks: a bit mask of quotes and
/// one of line feeds per block, the quote parity at every byte as the prefix XOR of the quote mask (carried across
/// blocks), and a population count of the line feeds on each side. Its cost does not depend on how many quotes the
/// data holds (random bytes hold one in 256).
/// </summary>
internal sealed class CsvLineCounter
{
    private const int Block = 64;

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
        int blocks = data.Length / Block;
        if (blocks > 0)
        {
            this.AddBlocks(data[..(blocks * Block)]);
        }

        foreach (byte b in data[(blocks * Block)..])
        {
            if (b == (byte)'"')
            {
                this.oddQuotes = !this.oddQuotes;
            }
            else if (b == (byte)'\n')
            {
                if (this.oddQuotes)
                {
                    this.odd++;
                }
                else
                {
                    this.even++;
                }
            }
        }
    }

    private void AddBlocks(ReadOnlySpan<byte> data)
    {
        ref byte start = ref MemoryMarshal.GetReference(data);
        ulong inside = this.oddQuotes ? ulong.MaxValue : 0; // quote parity before the block, as a mask
        long evenCount = 0;
        long oddCount = 0;
        for (int i = 0; i < data.Length; i += Block)
        {
            var (quotes, lines) = Masks(ref start, (nuint)i);

            // Bit k of the prefix XOR is the parity of the quotes at positions 0..k; a line feed is never a quote, so
            // at a line feed it is the parity of the quotes before it.
            ulong parity = PrefixXor(quotes) ^ inside;
            oddCount += BitOperations.PopCount(lines & parity);
            evenCount += BitOperations.PopCount(lines & ~parity);
            inside = (ulong)((long)parity >> 63); // the parity after the block's last byte, spread to every bit
        }

        this.even += evenCount;
        this.odd += oddCount;
        this.oddQuotes = inside != 0;
    }

    /// <summary>Bit k set where byte k of the 64-byte block at <paramref name="offset"/> is a quote / a line feed.</summary>
    private static (ulong Quotes, ulong Lines) Masks(ref byte start, nuint offset)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            var low = Vector256.LoadUnsafe(ref start, offset);
            var high = Vector256.LoadUnsafe(ref start, offset + 32);
            var quote = Vector256.Create((byte)'"');
            var lineFeed = Vector256.Create((byte)'\n');
            return (
                Vector256.Equals(low, quote).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(high, quote).ExtractMostSignificantBits() << 32),
                Vector256.Equals(low, lineFeed).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(high, lineFeed).ExtractMostSignificantBits() << 32));
        }

        ulong quotes = 0;
        ulong lines = 0;
        for (nuint lane = 0; lane < Block; lane += 16)
        {
            var v = Vector128.LoadUnsafe(ref start, offset + lane);
            quotes |= (ulong)Vector128.Equals(v, Vector128.Create((byte)'"')).ExtractMostSignificantBits() << (int)lane;
            lines |= (ulong)Vector128.Equals(v, Vector128.Create((byte)'\n')).ExtractMostSignificantBits() << (int)lane;
        }

        return (quotes, lines);
    }

    private static ulong PrefixXor(ulong x)
    {
        x ^= x << 1;
        x ^= x << 2;
        x ^= x << 4;
        x ^= x << 8;
        x ^= x << 16;
        x ^= x << 32;
        return x;
    }
}
