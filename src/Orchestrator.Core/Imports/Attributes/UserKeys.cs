using System.Globalization;
using System.Text;

namespace Orchestrator.Imports.Attributes;

/// <summary>
/// User ids become Table RowKeys, which may not contain '/', '\', '#', '?' or control characters: those (and '%')
/// are percent-encoded, reversibly, and every other id is kept as it is.
/// </summary>
public static class UserKeys
{
    /// <summary>RowKeys are at most 1 KiB; longer user ids are rejected.</summary>
    public const int MaxUserIdLength = 256;

    public static string ToRowKey(string userId)
    {
        var builder = new StringBuilder(userId.Length);
        foreach (char c in userId)
        {
            if (c is '%' or '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>The user id of a RowKey made by <see cref="ToRowKey"/>.</summary>
    public static string FromRowKey(string rowKey)
    {
        ArgumentNullException.ThrowIfNull(rowKey);
        if (!rowKey.Contains('%', StringComparison.Ordinal))
        {
            return rowKey;
        }

        var builder = new StringBuilder(rowKey.Length);
        for (int i = 0; i < rowKey.Length; i++)
        {
            if (rowKey[i] == '%' && i + 2 < rowKey.Length && int.TryParse(rowKey.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
            {
                builder.Append((char)code);
                i += 2;
            }
            else
            {
                builder.Append(rowKey[i]);
            }
        }

        return builder.ToString();
    }
}
