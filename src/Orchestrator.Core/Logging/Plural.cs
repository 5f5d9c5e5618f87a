namespace Orchestrator.Logging;

/// <summary>The noun that goes with a count in a message: "1 part", "3 parts", "0 files".</summary>
internal static class Plural
{
    public static string Noun(long count, string singular) => count == 1 ? singular : singular + "s";
}
