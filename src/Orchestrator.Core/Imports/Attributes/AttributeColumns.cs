namespace Orchestrator.Imports.Attributes;

/// <summary>
/// The one set of rules an attribute row follows, whatever file it came from: names are mapped to property names, an
/// empty name or two names mapping to the same property name are refused, at most <see cref="MaxAttributes"/>
/// attributes besides the user id, and the user id is present and at most <see cref="UserKeys.MaxUserIdLength"/>
/// characters long. Reserved names: <see cref="DeleteName"/> is read, not stored (true/1 removes the user, false/0
/// or empty keeps the row an upsert); <see cref="SourceName"/>, <see cref="SeenName"/> and <see cref="InsertName"/> are the store's own marks and
/// are refused in files. A CSV header is mapped once per file (a bad header fails the file); a JSON Lines record
/// carries its own names, so it is mapped per record (a bad record is rejected).
/// </summary>
public sealed class AttributeColumns
{
    /// <summary>
    /// Attributes a row may store: Table Storage allows 252 custom properties per entity, and a stored row also carries
    /// the store's three marks (<see cref="SourceName"/>, <see cref="SeenName"/>, <see cref="InsertName"/>).
    /// </summary>
    public const int MaxAttributes = 249;

    /// <summary>
    /// Columns (CSV) or names (JSON Lines) a row may have: the user id, <see cref="DeleteName"/> and
    /// <see cref="MaxAttributes"/> attributes. The parsers stop counting past it, so a header of 100,000 columns costs
    /// no more memory than one of 252.
    /// </summary>
    public const int MaxColumns = MaxAttributes + 2;

    /// <summary>Why a row of more than <see cref="MaxColumns"/> columns is refused (the parsers give the same reason).</summary>
    public static string TooManyColumns { get; } =
        $"too many columns: more than {MaxColumns} per row (the user id, {DeleteName} and at most {MaxAttributes} attributes)";

    /// <summary>The user-id name JSON Lines records use when none is configured.</summary>
    public const string DefaultUserIdName = "user_id";

    /// <summary>The reserved column whose true/1 removes the row's user.</summary>
    public const string DeleteName = "_delete";

    /// <summary>The store's mark of which source (destination) last wrote a user: read by a mirror import's sweep.</summary>
    public const string SourceName = "_source";

    /// <summary>The store's mark of which run execution last wrote a user: a mirror removes its source's users without the run's mark.</summary>
    public const string SeenName = "_seen";

    /// <summary>
    /// The store's mark of which write created a user (a short hash of run, file attempt and batch position), set only
    /// when the row is created: a retried write that finds its own id knows the user was inserted by it, not updated.
    /// </summary>
    public const string InsertName = "_ins";

    /// <summary>Whether <paramref name="propertyName"/> is one of the store's marks (never an attribute a reader sees).</summary>
    public static bool IsMark(string propertyName) =>
        string.Equals(propertyName, SourceName, StringComparison.OrdinalIgnoreCase)
        || string.Equals(propertyName, SeenName, StringComparison.OrdinalIgnoreCase)
        || string.Equals(propertyName, InsertName, StringComparison.OrdinalIgnoreCase);

    private AttributeColumns(IReadOnlyList<string> names, int userIndex, string userIdName)
    {
        this.Names = names;
        this.UserIndex = userIndex;
        this.UserIdName = userIdName;
        this.DeleteIndex = -1;
        for (int i = 0; i < names.Count; i++)
        {
            if (i != userIndex && string.Equals(names[i], DeleteName, StringComparison.OrdinalIgnoreCase))
            {
                this.DeleteIndex = i;
            }
        }
    }

    /// <summary>The reserved <see cref="DeleteName"/> column, or -1.</summary>
    public int DeleteIndex { get; }

    /// <summary>The property name of each column, in column order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The user-id column, or -1 when there is none.</summary>
    public int UserIndex { get; }

    /// <summary>The user-id name as configured (or the first column's name when none is), for messages.</summary>
    public string UserIdName { get; }

    /// <summary>
    /// Maps names as written in a file. <paramref name="userIdName"/> is the configured user-id name, or null for the
    /// first column. Returns null with the reason when the names cannot be used.
    /// </summary>
    public static AttributeColumns? Map(IReadOnlyList<string> sourceNames, string? userIdName, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(sourceNames);
        if (sourceNames.Count > MaxColumns)
        {
            problem = TooManyColumns;
            return null;
        }

        var mapped = new List<string>(sourceNames.Count);
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string source in sourceNames)
        {
            if (AttributeNames.ToPropertyName(source) is not { } name)
            {
                problem = "an attribute has an empty name";
                return null;
            }

            if (IsMark(name))
            {
                problem = $"'{source}' is a reserved name ({SourceName}, {SeenName} and {InsertName} are the store's own marks)";
                return null;
            }

            if (!seen.TryAdd(name, source))
            {
                problem = $"'{seen[name]}' and '{source}' map to the same attribute name '{name}'";
                return null;
            }

            mapped.Add(name);
        }

        var columns = Mapped(mapped, userIdName);
        int attributes = mapped.Count - (columns.UserIndex >= 0 ? 1 : 0) - (columns.DeleteIndex >= 0 ? 1 : 0);
        if (attributes > MaxAttributes)
        {
            problem = $"{attributes} attributes besides the user id; at most {MaxAttributes} are supported (Table Storage's 252 properties per entity, less the store's 3 marks)";
            return null;
        }

        problem = null;
        return columns;
    }

    /// <summary>Columns already mapped by <see cref="Map"/> (a chunk's checkpoint carries them to the next chunk).</summary>
    public static AttributeColumns Mapped(IReadOnlyList<string> propertyNames, string? userIdName)
    {
        ArgumentNullException.ThrowIfNull(propertyNames);
        if (string.IsNullOrEmpty(userIdName))
        {
            return new AttributeColumns(propertyNames, propertyNames.Count > 0 ? 0 : -1, propertyNames.Count > 0 ? propertyNames[0] : "the first column");
        }

        string wanted = AttributeNames.ToPropertyName(userIdName) ?? userIdName;
        int index = -1;
        for (int i = 0; i < propertyNames.Count && index < 0; i++)
        {
            index = string.Equals(propertyNames[i], wanted, StringComparison.Ordinal) ? i : -1;
        }

        return new AttributeColumns(propertyNames, index, userIdName);
    }

    /// <summary>Why <paramref name="userId"/> cannot be a user id, or null when it can.</summary>
    public string? UserIdProblem(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        if (userId.Length == 0)
        {
            return $"missing user id ('{this.UserIdName}')";
        }

        return userId.Length > UserKeys.MaxUserIdLength ? $"user id longer than {UserKeys.MaxUserIdLength} characters" : null;
    }

    /// <summary>
    /// The row of <paramref name="fields"/> (one per column, in column order), or null with the reason it is rejected.
    /// <paramref name="valueOf"/> gives a field's typed value, or null when the field holds no value.
    /// </summary>
    public UserAttributes? ToRow<T>(IReadOnlyList<T> fields, Func<T, string> textOf, Func<T, object?> valueOf, out string? reason)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(textOf);
        ArgumentNullException.ThrowIfNull(valueOf);
        if (fields.Count != this.Names.Count)
        {
            reason = $"wrong column count: expected {this.Names.Count}, got {fields.Count}";
            return null;
        }

        if (this.UserIndex < 0)
        {
            reason = $"missing user id ('{this.UserIdName}')";
            return null;
        }

        string userId = textOf(fields[this.UserIndex]);
        if (this.UserIdProblem(userId) is { } problem)
        {
            reason = problem;
            return null;
        }

        bool delete = false;
        if (this.DeleteIndex >= 0)
        {
            switch (textOf(fields[this.DeleteIndex]).Trim().ToUpperInvariant())
            {
                case "TRUE" or "1":
                    delete = true;
                    break;
                case "FALSE" or "0" or "" or "NULL":
                    break;
                default:
                    reason = $"{DeleteName} must be true, false, 1, 0 or empty";
                    return null;
            }
        }

        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        for (int i = 0; i < fields.Count && !delete; i++)
        {
            if (i != this.UserIndex && i != this.DeleteIndex && valueOf(fields[i]) is { } value)
            {
                values[this.Names[i]] = value;
            }
        }

        reason = null;
        return new UserAttributes(userId, values, delete);
    }
}
