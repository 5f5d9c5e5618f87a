using System.Globalization;
using System.Text;
using Orchestrator.Domain;

namespace Orchestrator.Exports;

/// <summary>
/// Object-key templates of a destination (issue 15): tokens <c>{report}</c>, <c>{yyyy}</c>, <c>{MM}</c>, <c>{dd}</c>,
/// <c>{date}</c> (yyyy-MM-dd), <c>{part}</c> (00001…) and <c>{ext}</c> (the format's extension, e.g. <c>parquet</c>),
/// rendered under the destination's bucket path. The report and the day must sit in folder segments, so every
/// report-day has a folder of its own that holds its files and its <c>_manifest.json</c> (reruns address the same
/// keys; stale files are found per day). A template without <c>{part}</c> gets <c>-{part}</c> before its
/// <c>.{ext}</c> when a run writes several files.
/// </summary>
public static class ExportKeyTemplate
{
    /// <summary>Today's layout: <c>{report}/{yyyy}/{MM}/{dd}/{report}_{date}.{ext}</c>.</summary>
    public const string Default = "{report}/{yyyy}/{MM}/{dd}/{report}_{date}.{ext}";

    /// <summary>The Hive-style preset, stored as its expansion when a destination names <c>hive</c>.</summary>
    public const string Hive = "{report}/dt={yyyy}-{MM}-{dd}/part-{part}.{ext}";

    public const string HivePresetName = "hive";

    public const int MaxLength = 256;

    private static readonly string[] Tokens = ["{report}", "{yyyy}", "{MM}", "{dd}", "{date}", "{part}", "{ext}"];

    /// <summary>The template a destination stores for <paramref name="text"/>: the preset's expansion, or the text itself.</summary>
    public static string Expand(string text) => string.Equals(text, HivePresetName, StringComparison.OrdinalIgnoreCase) ? Hive : text;

    /// <summary>What is wrong with an (expanded) template, or null when it is valid.</summary>
    public static string? Problem(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (template.Length is 0 or > MaxLength)
        {
            return $"must be 1-{MaxLength} characters, or '{HivePresetName}'";
        }

        if (template.StartsWith('/') || template.EndsWith('/'))
        {
            return "must not start or end with '/': the destination's bucket path is always the prefix";
        }

        if (template.Contains("..", StringComparison.Ordinal) || template.Contains("//", StringComparison.Ordinal) || template.Split('/').Any(s => s is "." or ""))
        {
            return "must not contain '..', '.' segments or empty segments ('//')";
        }

        if (template.Any(c => char.IsControl(c) || c is '\\'))
        {
            return "must not contain control characters or '\\'";
        }

        string rest = template;
        foreach (string token in Tokens)
        {
            rest = rest.Replace(token, string.Empty, StringComparison.Ordinal);
        }

        if (rest.Contains('{', StringComparison.Ordinal) || rest.Contains('}', StringComparison.Ordinal))
        {
            return "may only use the tokens {report}, {yyyy}, {MM}, {dd}, {date}, {part} and {ext}";
        }

        int lastSlash = template.LastIndexOf('/');
        string folders = lastSlash < 0 ? string.Empty : template[..lastSlash];
        bool hasDay = folders.Contains("{date}", StringComparison.Ordinal)
            || (folders.Contains("{yyyy}", StringComparison.Ordinal) && folders.Contains("{MM}", StringComparison.Ordinal) && folders.Contains("{dd}", StringComparison.Ordinal));
        if (!hasDay || !folders.Contains("{report}", StringComparison.Ordinal))
        {
            return "must name the report ({report}) and the day ({date}, or {yyyy}, {MM} and {dd}) in its folders, so that each report-day has its own folder for its files and manifest";
        }

        if (template[(lastSlash + 1)..].Length == 0)
        {
            return "must end with a file name";
        }

        return null;
    }

    /// <summary>
    /// The key of file <paramref name="part"/> (1-based) of <paramref name="fileCount"/>, under <paramref name="bucketPath"/>.
    /// </summary>
    public static string Render(string template, string bucketPath, string report, DateOnly period, string extension, int part, int fileCount)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (fileCount > 1 && !template.Contains("{part}", StringComparison.Ordinal))
        {
            template = template.EndsWith(".{ext}", StringComparison.Ordinal)
                ? template[..^".{ext}".Length] + "-{part}.{ext}"
                : template + "-{part}";
        }

        var key = new StringBuilder(template)
            .Replace("{report}", report)
            .Replace("{yyyy}", period.ToString("yyyy", CultureInfo.InvariantCulture))
            .Replace("{MM}", period.ToString("MM", CultureInfo.InvariantCulture))
            .Replace("{dd}", period.ToString("dd", CultureInfo.InvariantCulture))
            .Replace("{date}", period.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Replace("{part}", part.ToString("D5", CultureInfo.InvariantCulture))
            .Replace("{ext}", extension)
            .ToString();
        return BucketPath.Combine(bucketPath, key);
    }

    /// <summary>The report-day's manifest: <c>_manifest.json</c> in the folder of its files.</summary>
    public static string ManifestKey(string template, string bucketPath, string report, DateOnly period)
    {
        string first = Render(template, bucketPath, report, period, "x", 1, 1);
        return first[..(first.LastIndexOf('/') + 1)] + ExportNaming.ManifestFileName;
    }
}
