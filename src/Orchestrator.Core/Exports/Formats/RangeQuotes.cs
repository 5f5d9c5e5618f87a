namespace Orchestrator.Exports.Formats;

/// <summary>
/// What a scan of one byte range of a CSV learns for cutting record-aligned parts: whether it holds an odd number of
/// quotes, and the first line feed preceded (within the range) by an even, and by an odd, number of quotes.
/// </summary>
/// <param name="FirstLfAtEvenQuotes">Offset of that line feed in the range, or -1.</param>
/// <param name="FirstLfAtOddQuotes">Offset of that line feed in the range, or -1.</param>
public sealed record RangeQuotes(bool OddQuotes, long FirstLfAtEvenQuotes, long FirstLfAtOddQuotes);
