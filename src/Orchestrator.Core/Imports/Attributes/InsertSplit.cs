using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Imports.Attributes;

/// <summary>
/// The counting rule of a write that must tell inserted users from updated ones, exactly under retries: every row
/// the write creates carries the write's id (<see cref="AttributeColumns.InsertName"/>), and a row that exists is left
/// with the id it has. A row that exists with this write's id was created by an earlier attempt of this very write
/// (its answer was lost, or the worker died after it landed): it counts as inserted, once. Any other existing row
/// counts as updated; an absent row is created (inserted), unless the user is known elsewhere (a tenant's legacy
/// partition, from before sharding): then creating its shard row updates an existing user.
/// </summary>
public static class InsertSplit
{
    /// <summary>
    /// Splits <paramref name="keys"/> by what the store holds: <paramref name="existing"/> maps the keys that have a row
    /// to that row's insert id (null when it has none); <paramref name="knownElsewhere"/> holds the keys whose user
    /// exists outside the written rows (never counted inserted). Returns the keys to create, the keys to update, and how
    /// many of the write's users count as inserted.
    /// </summary>
    public static (IReadOnlyList<string> Create, IReadOnlyList<string> Update, int Inserted) Split(
        IReadOnlyList<string> keys, IReadOnlyDictionary<string, string?> existing, string writeId, IReadOnlySet<string>? knownElsewhere = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentException.ThrowIfNullOrEmpty(writeId);
        var create = new List<string>();
        var update = new List<string>();
        int inserted = 0;
        foreach (string key in keys)
        {
            bool elsewhere = knownElsewhere?.Contains(key) == true;
            if (!existing.TryGetValue(key, out string? id))
            {
                create.Add(key);
                inserted += elsewhere ? 0 : 1;
            }
            else
            {
                update.Add(key);
                inserted += !elsewhere && string.Equals(id, writeId, StringComparison.Ordinal) ? 1 : 0;
            }
        }

        return (create, update, inserted);
    }

    /// <summary>
    /// The id of one write of rows: the same for every attempt at the same rows (a retried chunk re-reads the same
    /// records from the same start, a gzip file resumed from its checkpoint cuts the same batches after it), different
    /// for any other write. A short hash, since every created row stores it.
    /// </summary>
    /// <param name="runId">The import run.</param>
    /// <param name="attempt">The run's attempt at the file (recorded in the orchestration's history).</param>
    /// <param name="fileKey">The file.</param>
    /// <param name="endOffset">Where the write's last record ends in the (uncompressed) file.</param>
    public static string WriteIdOf(string runId, string attempt, string fileKey, long endOffset)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(fileKey);
        string identity = string.Join('\n', runId, attempt, fileKey, endOffset.ToString(CultureInfo.InvariantCulture));
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(identity));
        return Convert.ToBase64String(hash, 0, 16).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
