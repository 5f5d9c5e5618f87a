using System.CommandLine;
using Orchestrator.Runner.Hosting;

namespace Orchestrator.Runner.Cli;

/// <summary>Options several commands share, and how they become configuration overrides.</summary>
internal static class CommonOptions
{
    public static Option<DurableBackendKind?> Backend() => new("--backend")
    {
        Description = "Durable Task backend: InMemory (default) or AzureStorage (persistent; uses Storage:ConnectionString or Runner:DurableConnectionString).",
    };

    public static Dictionary<string, string?> Overrides(ParseResult parse, Option<DurableBackendKind?> backend)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (parse.GetValue(backend) is { } kind)
        {
            overrides["Runner:Backend"] = kind.ToString();
        }

        return overrides;
    }
}
