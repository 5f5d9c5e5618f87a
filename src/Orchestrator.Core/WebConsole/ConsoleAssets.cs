using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.WebConsole;

/// <summary>
/// The console's files, embedded in this assembly (nothing is read from disk or the network at run time). Names are
/// paths relative to <c>WebConsole/assets</c> with '/' separators, e.g. <c>views/runs.js</c>. <see cref="Version"/>
/// is a hash over every file: the versioned asset URLs change whenever any file does, so they can be cached forever.
/// </summary>
public static class ConsoleAssets
{
    private const string ResourcePrefix = "Orchestrator.WebConsole.assets/";

    private static readonly Lazy<IReadOnlyDictionary<string, ConsoleAsset>> Loaded = new(Load);

    /// <summary>Every asset by name.</summary>
    public static IReadOnlyDictionary<string, ConsoleAsset> All => Loaded.Value;

    /// <summary>A short hash of all assets (names and bytes).</summary>
    public static string Version { get; } = ComputeVersion();

    /// <summary>The asset called <paramref name="name"/>, or null.</summary>
    public static ConsoleAsset? Find(string name) => All.TryGetValue(name, out var asset) ? asset : null;

    /// <summary>The media type of a file name (only the kinds the console ships).</summary>
    public static string ContentTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".json" => "application/json; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };

    /// <summary>A strong ETag of <paramref name="content"/>.</summary>
    public static string ETagOf(ReadOnlySpan<byte> content) => "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..32] + "\"";

    private static Dictionary<string, ConsoleAsset> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var assets = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            string name = resource[ResourcePrefix.Length..];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            byte[] content = buffer.ToArray();
            assets[name] = new ConsoleAsset(name, content, ContentTypeOf(name), ETagOf(content));
        }

        return assets;
    }

    private static string ComputeVersion()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var asset in All.Values.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(asset.Name));
            hash.AppendData(asset.Content);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    /// <summary>The assembly that holds the assets (for tests that compare hosts).</summary>
    internal static Assembly Assembly => typeof(ConsoleAssets).Assembly;
}
