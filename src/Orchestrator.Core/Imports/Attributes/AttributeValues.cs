using System.Globalization;
using System.Text.RegularExpressions;

namespace Orchestrator.Imports.Attributes;

/// <summary>
/// Keeps a value's type where the text is unambiguous — integers, decimals, booleans, ISO-8601 dates — and a string
/// otherwise. Numbers with leading zeros (zip codes, ids) stay strings: "007" is not 7.
/// </summary>
public static partial class AttributeValues
{
    public static object Infer(string text)
    {
        if (text.Length == 0)
        {
            return text;
        }

        if (bool.TryParse(text, out bool flag) && text.Length is 4 or 5)
        {
            return flag;
        }

        if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
        {
            return integer;
        }

        if (DecimalPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number))
        {
            return number;
        }

        if (DatePattern().IsMatch(text) && DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
        {
            return DateTime.SpecifyKind(date, DateTimeKind.Utc);
        }

        if (DateTimePattern().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
        {
            return moment.ToUniversalTime();
        }

        return text;
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]{0,17})\z", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^-?(0|[1-9][0-9]{0,14})\.[0-9]{1,15}\z", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}\z", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();
}
