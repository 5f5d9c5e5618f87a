using System.Diagnostics.CodeAnalysis;

namespace Orchestrator.Domain;

/// <summary>
/// The optional sub-folder of a destination ("optional bucket path"). Normalises what customers type
/// ("/subfolder name/", "a//b") and rejects what could escape or confuse a key (".." segments, control characters,
/// backslashes).
/// </summary>
public static class BucketPath
{
    /// <summary>S3 keys are at most 1024 bytes; keep room for the report part of the key.</summary>
    public const int MaxLength = 512;

    public static bool TryNormalize(string? raw, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(raw))
        {
            normalized = string.Empty;
            error = null;
            return true;
        }

        foreach (char c in raw)
        {
            if (char.IsControl(c))
            {
                error = "must not contain control characters";
                return false;
            }

            if (c == '\\')
            {
                error = "must not contain backslashes; use '/' to separate folders";
                return false;
            }
        }

        var segments = raw.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var kept = new List<string>(segments.Length);
        foreach (string segment in segments)
        {
            string trimmed = segment.Trim();
            if (trimmed.Length == 0)
            {
                error = "must not contain folders made only of spaces";
                return false;
            }

            if (trimmed is "." or "..")
            {
                error = "must not contain '.' or '..' segments";
                return false;
            }

            kept.Add(trimmed);
        }

        string result = string.Join('/', kept);
        if (System.Text.Encoding.UTF8.GetByteCount(result) > MaxLength)
        {
            error = $"must be at most {MaxLength} bytes";
            return false;
        }

        normalized = result;
        error = null;
        return true;
    }

    /// <summary>Joins the normalised path and a relative key.</summary>
    public static string Combine(string normalizedPath, string relativeKey) =>
        normalizedPath.Length == 0 ? relativeKey : normalizedPath + "/" + relativeKey;
}
