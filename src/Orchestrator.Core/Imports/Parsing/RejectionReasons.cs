namespace Orchestrator.Imports.Parsing;

/// <summary>Why a record is rejected. Counts only: no reason ever quotes customer values.</summary>
internal static class RejectionReasons
{
    public const string UnterminatedQuote = "unterminated quoted field";
    public const string RecordTooLarge = "record too large";
    public const string InvalidUtf8 = "invalid UTF-8";
    public const string QuoteInUnquotedField = "quote in the middle of an unquoted field";
    public const string TextAfterClosingQuote = "text after a closing quote";
    public const string InvalidJson = "invalid JSON";
    public const string NotAnObject = "not a JSON object";

    public static string WrongColumnCount(int expected, int actual) => $"wrong column count: expected {expected}, got {actual}";

    public static string TooManyColumns(int max) => $"too many columns: more than {max} per row";

    public static string FieldTooLarge(int bytes, int max) => $"field too large ({bytes} bytes > {max})";

    public static string NestedValue(string attribute) => $"nested values are not supported in attribute '{Truncate(attribute)}'";

    public static string DuplicateAttribute(string attribute) => $"duplicate attribute '{Truncate(attribute)}'";

    private static string Truncate(string name) => name.Length <= 100 ? name : string.Concat(name.AsSpan(0, 100), "…");
}
