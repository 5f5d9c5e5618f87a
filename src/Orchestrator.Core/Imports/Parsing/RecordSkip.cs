using System.Globalization;

namespace Orchestrator.Imports.Parsing;

/// <summary>The bound on an oversized record's skip, shared by both readers.</summary>
internal static class RecordSkip
{
    public static void Check(long from, long to, long maxSkipBytes, long line)
    {
        if (to - from > maxSkipBytes)
        {
            throw new ImportLimitExceededException(string.Create(
                CultureInfo.InvariantCulture,
                $"the record on line {line} is longer than {maxSkipBytes / (1024 * 1024)} MiB without an end (Import:MaxRecordSkipMiB); the rest of the file is not read"));
        }
    }
}
