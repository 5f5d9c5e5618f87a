using System.Text;

namespace Orchestrator.InfraTests;

/// <summary>
/// Just enough of the ARM template expression language to read what Bicep compiles objects built from runtime values
/// into: <c>[createObject('key', value, ...)]</c> calls, whose values are themselves expressions.
/// </summary>
internal static class ArmExpression
{
    private const string CreateObject = "createObject(";

    /// <summary>The body of a template expression string (<c>[...]</c>), or null for a literal string.</summary>
    public static string? Body(string value) =>
        value.Length >= 2 && value[0] == '[' && value[^1] == ']' && !value.StartsWith("[[", StringComparison.Ordinal) ? value[1..^1] : null;

    /// <summary>A string literal as it is written in an expression: <c>'text'</c>, quotes doubled.</summary>
    public static string Literal(string text) => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'";

    /// <summary>
    /// Every key/value pair of every <c>createObject(...)</c> call in the expression (nested calls included), keys
    /// unquoted, values as the expression text of the argument.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> CreateObjectEntries(string expression)
    {
        var entries = new List<KeyValuePair<string, string>>();
        for (int start = IndexOutsideStrings(expression, CreateObject, 0); start >= 0; start = IndexOutsideStrings(expression, CreateObject, start + 1))
        {
            var arguments = Arguments(expression, start + CreateObject.Length);
            if (arguments.Count % 2 != 0)
            {
                throw new FormatException($"createObject with an odd number of arguments in: {expression}");
            }

            for (int i = 0; i < arguments.Count; i += 2)
            {
                entries.Add(new(Unquote(arguments[i]), arguments[i + 1]));
            }
        }

        return entries;
    }

    /// <summary>The text of a string literal argument (<c>'a''b'</c> → <c>a'b</c>).</summary>
    public static string Unquote(string literal)
    {
        string trimmed = literal.Trim();
        if (trimmed.Length < 2 || trimmed[0] != '\'' || trimmed[^1] != '\'')
        {
            throw new FormatException($"Not a string literal: {literal}");
        }

        return trimmed[1..^1].Replace("''", "'", StringComparison.Ordinal);
    }

    /// <summary>The top-level arguments of the call whose argument list starts at <paramref name="position"/>.</summary>
    private static List<string> Arguments(string expression, int position)
    {
        var arguments = new List<string>();
        var current = new StringBuilder();
        int depth = 0;
        bool inString = false;
        for (int i = position; i < expression.Length; i++)
        {
            char c = expression[i];
            if (inString)
            {
                current.Append(c);
                if (c == '\'')
                {
                    if (i + 1 < expression.Length && expression[i + 1] == '\'')
                    {
                        current.Append('\'');
                        i++;
                    }
                    else
                    {
                        inString = false;
                    }
                }

                continue;
            }

            switch (c)
            {
                case '\'':
                    inString = true;
                    current.Append(c);
                    break;
                case '(' or '[':
                    depth++;
                    current.Append(c);
                    break;
                case ')' or ']' when depth > 0:
                    depth--;
                    current.Append(c);
                    break;
                case ')':
                    if (current.ToString().Trim().Length > 0 || arguments.Count > 0)
                    {
                        arguments.Add(current.ToString().Trim());
                    }

                    return arguments;
                case ',' when depth == 0:
                    arguments.Add(current.ToString().Trim());
                    current.Clear();
                    break;
                default:
                    current.Append(c);
                    break;
            }
        }

        throw new FormatException($"Unterminated call in: {expression}");
    }

    private static int IndexOutsideStrings(string expression, string token, int from)
    {
        bool inString = false;
        for (int i = 0; i < expression.Length; i++)
        {
            if (expression[i] == '\'')
            {
                inString = !inString; // a doubled quote toggles twice
                continue;
            }

            if (!inString && i >= from && string.CompareOrdinal(expression, i, token, 0, token.Length) == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
