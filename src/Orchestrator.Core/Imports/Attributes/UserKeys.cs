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
}
