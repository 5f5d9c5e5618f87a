using System.Text;

namespace Orchestrator.Imports.Attributes;

/// <summary>
/// Maps attribute names from files (any text) to legal Table Storage property names (C# identifier characters,
/// at most 255 characters, not a system property). The mapping is stable, so re-imports land in the same properties.
/// </summary>
public static class AttributeNames
{
    public const int MaxLength = 255;

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase) { "PartitionKey", "RowKey", "Timestamp", "ETag", "odata" };

    /// <summary>The property name for <paramref name="name"/>, or null when nothing usable is left (empty names).</summary>
    public static string? ToPropertyName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (char c in name.Trim())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        if (builder.Length == 0 || builder.ToString().All(c => c == '_'))
        {
            return null;
        }

        if (char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        string result = builder.ToString();
        if (Reserved.Contains(result) || result.StartsWith("odata", StringComparison.OrdinalIgnoreCase))
        {
            result = "attr_" + result;
        }

        return result.Length <= MaxLength ? result : result[..MaxLength];
    }
}
