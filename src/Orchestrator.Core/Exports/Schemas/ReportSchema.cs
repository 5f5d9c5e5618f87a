using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Exports.Schemas;

/// <summary>The declared, typed columns of one Insights report.</summary>
public sealed record ReportSchema(string Report, IReadOnlyList<SchemaColumn> Columns)
{
    /// <summary>SHA-256 (hex) of the columns' names and types in order: equal fingerprints, equal schemas.</summary>
    public static string Fingerprint(IEnumerable<SchemaColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var text = new StringBuilder();
        foreach (var column in columns)
        {
            text.Append(column.Name).Append('\t').Append(column.TypeName).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
