using System.Globalization;
using Orchestrator.Imports.Parsing;

namespace Orchestrator.Imports.Attributes;

/// <summary>
/// Turns a parsed record into a row by the one rule set of <see cref="AttributeColumns"/>, whatever the file's format:
/// a CSV row through its file's header, a JSON Lines record through its own names. Only how a value gets its type
/// differs: CSV text is inferred (<see cref="AttributeValues.Infer"/>), a JSON value keeps the type it was written
/// with (a quoted "42" stays a string) except ISO-8601 dates.
/// </summary>
/// <param name="userIdName">The configured user-id name, or null for the format's default (the first CSV column,
/// <see cref="AttributeColumns.DefaultUserIdName"/> in JSON Lines).</param>
internal sealed class AttributeRowMapper(string? userIdName)
{
    /// <summary>Maps a CSV header row; null with the reason when the header cannot be used.</summary>
    public AttributeColumns? MapHeader(IReadOnlyList<string> header, out string? problem) => AttributeColumns.Map(header, userIdName, out problem);

    /// <summary>Columns a previous chunk already mapped from the header.</summary>
    public AttributeColumns Columns(IReadOnlyList<string> propertyNames) => AttributeColumns.Mapped(propertyNames, userIdName);

    /// <summary>A CSV row (one field per column of <paramref name="columns"/>), or null with the reason it is rejected.</summary>
    public static UserAttributes? FromCsv(AttributeColumns columns, IReadOnlyList<string> fields, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return columns.ToRow(fields, f => f, f => f.Length == 0 ? null : AttributeValues.Infer(f), out reason);
    }

    /// <summary>A JSON Lines record (its names are its header), or null with the reason it is rejected.</summary>
    public UserAttributes? FromJson(IReadOnlyList<JsonAttribute> fields, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (AttributeColumns.Map([.. fields.Select(f => f.Name)], userIdName ?? AttributeColumns.DefaultUserIdName, out reason) is not { } columns)
        {
            return null;
        }

        return columns.ToRow(fields, f => f.Value, ValueOf, out reason);
    }

    private static object ValueOf(JsonAttribute field) => field.Kind switch
    {
        JsonAttributeKind.Boolean => bool.Parse(field.Value),
        JsonAttributeKind.Number => long.TryParse(field.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long whole)
            ? (object)whole
            : double.Parse(field.Value, NumberStyles.Float, CultureInfo.InvariantCulture),

        // A JSON string stays a string ("42" was quoted on purpose), except ISO-8601 dates.
        _ => AttributeValues.Infer(field.Value) is var inferred && inferred is DateTime or DateTimeOffset ? inferred : field.Value,
    };
}
