using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Orchestrator.Domain;
using Orchestrator.Imports.Models;

namespace Orchestrator.Imports;

/// <summary>Import run ids, prefixes, error-report keys and file formats, each derived in one place.</summary>
public static class ImportNaming
{
    public const string ErrorsFolder = "_errors";

    /// <summary><c>import:{tenant}:{destination}:{yyyy-MM-dd}:{prefix}</c> (prefix with '/' and ':' replaced).</summary>
    public static string InstanceId(ImportRequest request) => string.Join(
        ':',
        "import",
        request.TenantId,
        request.DestinationId,
        request.RunDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        request.Prefix.TrimEnd('/').Replace('/', '~').Replace(':', '~')) + (request.Mode == ImportMode.Upsert ? string.Empty : ":" + request.Mode.ToWire());

    /// <summary>
    /// The folder an import reads, as every entry point names it: normalised like a bucket path and ending in '/'.
    /// False, with the reason, for no folder at all or one that could escape or confuse a key.
    /// </summary>
    public static bool TryFolder(string? prefix, [NotNullWhen(true)] out string? folder, [NotNullWhen(false)] out string? error)
    {
        folder = null;
        if (!BucketPath.TryNormalize(prefix, out string? normalized, out error))
        {
            return false;
        }

        if (normalized.Length == 0)
        {
            error = "must name a folder, e.g. 'attributes/'";
            return false;
        }

        folder = normalized + "/";
        return true;
    }

    /// <summary>The folder of <see cref="TryFolder"/> for a configured prefix (validated at start, so it is one).</summary>
    public static string Folder(string prefix) =>
        TryFolder(prefix, out string? folder, out string? error) ? folder : throw new ArgumentException($"The import folder '{prefix}' {error}.", nameof(prefix));

    /// <summary>The listing prefix: bucket path + import prefix (normalised, ending in '/').</summary>
    public static string ListPrefix(string bucketPath, string prefix)
    {
        string folder = BucketPath.Combine(bucketPath, prefix.Trim('/'));
        return folder.Length == 0 ? string.Empty : folder + "/";
    }

    /// <summary><c>{path}/{prefix}_errors/{run id}.csv</c>: next to the files, in a folder the import itself skips.</summary>
    public static string ErrorReportKey(string bucketPath, string prefix, string runId) =>
        ListPrefix(bucketPath, prefix) + ErrorsFolder + "/" + runId.Replace(':', '-') + ".csv";

    /// <summary>Whether a listed key is the import's own output (error reports) rather than input.</summary>
    public static bool IsOwnOutput(string listPrefix, string key) =>
        key.AsSpan(listPrefix.Length).StartsWith(ErrorsFolder + "/", StringComparison.Ordinal);

    public static (ImportFileFormat Format, bool Gzip) FormatOf(string key)
    {
        string name = key.ToLowerInvariant();
        bool gzip = name.EndsWith(".gz", StringComparison.Ordinal);
        if (gzip)
        {
            name = name[..^3];
        }

        var format = name switch
        {
            _ when name.EndsWith(".csv", StringComparison.Ordinal) => ImportFileFormat.Csv,
            _ when name.EndsWith(".jsonl", StringComparison.Ordinal) || name.EndsWith(".ndjson", StringComparison.Ordinal) => ImportFileFormat.JsonLines,
            _ => ImportFileFormat.Unsupported,
        };
        return (format, gzip);
    }
}
