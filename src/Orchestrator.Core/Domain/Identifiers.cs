using System.Text.RegularExpressions;

namespace Orchestrator.Domain;

/// <summary>Validation rules for the identifiers that make up keys and instance ids.</summary>
public static partial class Identifiers
{
    /// <summary>Tenant and destination ids: letters, digits, '-' and '_', 1-64 characters, starting with a letter or digit.</summary>
    public static bool IsValidId(string? value) => value is not null && IdPattern().IsMatch(value);

    /// <summary>Report names: lower-case letters, digits, '-' and '_', 1-64 characters, starting with a letter.</summary>
    public static bool IsValidReportName(string? value) => value is not null && ReportPattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex ReportPattern();
}
