using System.Globalization;

namespace Orchestrator.Benchmarks;

/// <summary>
/// Options of the load part (<c>--load</c> and <c>--load-*</c>): how many exports and imports are started together,
/// over how many tenants, their sizes, and optionally the runner's concurrency (default: the runner's own defaults).
/// </summary>
internal sealed class LoadSettings
{
    public const string Usage = """
          --load on|off           run the load part: exports and imports started together over the HTTP API (default on)
          --load-exports N        exports started together, one per destination (default 100)
          --load-imports N        imports started with them, one per destination (default 100)
          --load-tenants N        tenants the destinations are spread over (default 5)
          --load-export-rows N    rows of every exported synthetic report (default 200000, about 20 MiB of CSV)
          --load-import-rows N    rows of every imported attribute file (default 5000, about 0.8 MiB)
          --load-orchestrations N Runner:MaxConcurrentOrchestrations of the runner (default: the runner's default)
          --load-activities N     Runner:MaxConcurrentActivities of the runner (default: the runner's default)
          --load-notes FILE       Markdown appended to the load part of the report
        """;

    private static readonly string[] Known =
        ["load", "load-exports", "load-imports", "load-tenants", "load-export-rows", "load-import-rows", "load-orchestrations", "load-activities", "load-notes"];

    public bool Enabled { get; init; } = true;

    public int Exports { get; init; } = 100;

    public int Imports { get; init; } = 100;

    public int Tenants { get; init; } = 5;

    public long ExportRows { get; init; } = 200_000;

    public int ImportRows { get; init; } = 5_000;

    public int? MaxConcurrentOrchestrations { get; init; }

    public int? MaxConcurrentActivities { get; init; }

    public string? Notes { get; init; }

    /// <summary>Destinations: one per run of the larger kind; destination i has an export if i &lt; Exports, an import if i &lt; Imports.</summary>
    public int Destinations => Math.Max(this.Exports, this.Imports);

    public static bool IsKnown(string option) => Known.Contains(option, StringComparer.Ordinal);

    public static LoadSettings Parse(IReadOnlyDictionary<string, string> values)
    {
        int? Int(string name) => values.TryGetValue(name, out string? v) ? int.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture) : null;
        var settings = new LoadSettings
        {
            Enabled = !values.TryGetValue("load", out string? on) || on switch
            {
                "on" or "1" or "true" => true,
                "off" or "0" or "false" => false,
                _ => throw new ArgumentException("--load must be on or off"),
            },
            Exports = Int("load-exports") ?? 100,
            Imports = Int("load-imports") ?? 100,
            Tenants = Int("load-tenants") ?? 5,
            ExportRows = values.TryGetValue("load-export-rows", out string? rows) ? long.Parse(rows, NumberStyles.None, CultureInfo.InvariantCulture) : 200_000,
            ImportRows = Int("load-import-rows") ?? 5_000,
            MaxConcurrentOrchestrations = Int("load-orchestrations"),
            MaxConcurrentActivities = Int("load-activities"),
            Notes = values.GetValueOrDefault("load-notes"),
        };
        if (settings.Exports + settings.Imports < 1 || settings.Tenants < 1 || settings.Tenants > settings.Destinations || settings.ExportRows < 1 || settings.ImportRows < 1)
        {
            throw new ArgumentException("--load-exports plus --load-imports must be at least 1, --load-tenants between 1 and the number of destinations, and the row counts at least 1");
        }

        if (settings.Destinations > 999)
        {
            throw new ArgumentException("at most 999 exports or imports (one bucket per destination)");
        }

        return settings;
    }
}
