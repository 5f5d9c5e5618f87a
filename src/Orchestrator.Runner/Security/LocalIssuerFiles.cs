using System.Globalization;

namespace Orchestrator.Runner.Security;

/// <summary>Where a runner in dev mode leaves its local issuer's state for <c>orchestrator token</c>: one file per API address.</summary>
internal static class LocalIssuerFiles
{
    /// <summary>The default folder: the user's local application data (<c>~/.local/share/orchestrator/local-issuer</c> on Linux).</summary>
    public static string DefaultFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "orchestrator", "local-issuer");

    /// <summary>The state file of the runner serving <paramref name="apiUrl"/>, in <paramref name="folder"/> (null: <see cref="DefaultFolder"/>).</summary>
    public static string StatePath(string? folder, string apiUrl)
    {
        var uri = new Uri(apiUrl);
        return Path.Combine(string.IsNullOrEmpty(folder) ? DefaultFolder : folder, string.Create(CultureInfo.InvariantCulture, $"{uri.Host}_{uri.Port}.json"));
    }
}
