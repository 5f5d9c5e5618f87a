namespace Orchestrator.Exports.Models;

/// <summary>
/// Line feeds in one part's source range, split by quote parity relative to the start of the range: a part cannot
/// know whether it starts inside a quoted CSV field, so it reports both cases and the completion step chains them.
/// </summary>
/// <param name="AtEvenQuotes">Line feeds preceded (within the range) by an even number of quotes.</param>
/// <param name="AtOddQuotes">Line feeds preceded by an odd number of quotes.</param>
/// <param name="OddQuotes">Whether the range holds an odd number of quote characters.</param>
public sealed record PartLines(long AtEvenQuotes, long AtOddQuotes, bool OddQuotes)
{
    /// <summary>Record-ending line feeds of consecutive parts (quoted line feeds inside fields are not records).</summary>
    public static long CountRecords(IEnumerable<PartLines> parts)
    {
        bool insideQuotes = false;
        long records = 0;
        foreach (var part in parts)
        {
            records += insideQuotes ? part.AtOddQuotes : part.AtEvenQuotes;
            insideQuotes ^= part.OddQuotes;
        }

        return records;
    }
}
