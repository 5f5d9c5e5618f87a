namespace Orchestrator.Imports.Models;

/// <summary>The wire names of <see cref="ImportMode"/> (HTTP field and CLI option <c>mode</c>).</summary>
public static class ImportModes
{
    public const string Allowed = "upsert, delete or mirror";

    public static string ToWire(this ImportMode mode) => mode switch
    {
        ImportMode.Delete => "delete",
        ImportMode.Mirror => "mirror",
        _ => "upsert",
    };

    /// <summary>The mode named <paramref name="text"/> (case-insensitive), or null when it names none.</summary>
    public static ImportMode? Parse(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "UPSERT" => ImportMode.Upsert,
        "DELETE" => ImportMode.Delete,
        "MIRROR" => ImportMode.Mirror,
        _ => null,
    };
}
