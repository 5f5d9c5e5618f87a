using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Orchestrator.Http;
using Orchestrator.Runner.Hosting;
using Orchestrator.WebConsole;

namespace Orchestrator.FunctionsTests.Routes;

/// <summary>The routes each host really serves, read from what it builds, and the table and README they must match.</summary>
internal static partial class HostRoutes
{
    /// <summary>The declared table: one entry per method and path.</summary>
    public static IReadOnlyList<ServedRoute> Table(bool withAccess) =>
        [.. ApiRoutes.All.Select(r => new ServedRoute(r.Method, $"/{ApiRoutes.Prefix}/{r.Template}", withAccess ? r.Access.ToString() : null))];

    /// <summary>
    /// The HTTP functions of the Functions app's built <c>functions.metadata</c>, one entry per method, with their
    /// access level; the catch-all (any method, for unknown routes) is not a route of the API and is left out, and so
    /// is the web console (<see cref="ConsoleRoutes"/>: files, not API; <see cref="WebConsoleRoutesTests"/> checks it).
    /// </summary>
    public static IReadOnlyList<ServedRoute> Functions(bool withAccess) =>
        [.. AllFunctions(withAccess).Where(r => r.Path != $"/{ApiRoutes.Prefix}/{ConsoleRoutes.FunctionsTemplate}")];

    /// <summary>Every HTTP function of the built <c>functions.metadata</c> but the catch-all, the console's included.</summary>
    public static IReadOnlyList<ServedRoute> AllFunctions(bool withAccess) =>
        [.. FunctionsAppOutput.ReadMetadataFile()
            .Where(f => f.TriggerType == "httpTrigger" && f.Trigger.GetProperty("route").GetString() != ApiRoutes.Unmatched)
            .SelectMany(f => f.Trigger.GetProperty("methods").EnumerateArray().Select(m => new ServedRoute(
                m.GetString()!.ToUpperInvariant(),
                $"/{ApiRoutes.Prefix}/{f.Trigger.GetProperty("route").GetString()}",
                withAccess ? f.Trigger.GetProperty("authLevel").GetString() : null)))];

    /// <summary>The local runner's API endpoints as its web host built them (the gRPC sidecar's and the web console's left out).</summary>
    public static IReadOnlyList<ServedRoute> Runner() =>
        [.. AllRunner().Where(r => r.Path.StartsWith($"/{ApiRoutes.Prefix}/", StringComparison.Ordinal))];

    /// <summary>Every HTTP endpoint of the local runner (the gRPC sidecar's left out), the web console's included.</summary>
    public static IReadOnlyList<ServedRoute> AllRunner()
    {
        var app = RunnerHost.Build([], new Dictionary<string, string?> { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true" });
        try
        {
            return [.. ((IEndpointRouteBuilder)app).DataSources
                .SelectMany(d => d.Endpoints)
                .OfType<RouteEndpoint>()
                .Where(e => e.DisplayName?.StartsWith("gRPC", StringComparison.Ordinal) != true)
                .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"])
                    .Select(m => new ServedRoute(m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))];
        }
        finally
        {
            ((IDisposable)app).Dispose();
        }
    }

    /// <summary>
    /// The README's HTTP API table: each row's first cell is <c>`METHOD[, METHOD] /api/path`</c>. Parameter names are
    /// the README's own (<c>{id}</c> for a run id), so paths compare with every parameter written <c>{}</c>.
    /// </summary>
    public static IReadOnlyList<ServedRoute> Readme()
    {
        var text = File.ReadAllText(Path.Combine(FunctionsAppOutput.RepositoryRoot, "README.md"));
        var section = text[text.IndexOf("\n## HTTP API\n", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        return [.. ReadmeRow().Matches(section).SelectMany(m => m.Groups["methods"].Value.Split(", ")
            .Select(method => new ServedRoute(method, m.Groups["path"].Value)))];
    }

    /// <summary>A path with every route parameter written <c>{}</c>.</summary>
    public static ServedRoute WithoutParameterNames(ServedRoute route) => route with { Path = Parameter().Replace(route.Path, "{}") };

    /// <summary>What one list has that the other lacks, each entry prefixed with the side that has it; empty when they are the same.</summary>
    public static IReadOnlyList<string> Differences(string leftName, IEnumerable<ServedRoute> left, string rightName, IEnumerable<ServedRoute> right)
    {
        var l = left.ToHashSet();
        var r = right.ToHashSet();
        return [.. l.Except(r).Select(x => $"only {leftName}: {x}").Concat(r.Except(l).Select(x => $"only {rightName}: {x}")).Order(StringComparer.Ordinal)];
    }

    [GeneratedRegex(@"^\| `(?<methods>[A-Z]+(?:, [A-Z]+)*) (?<path>/api/[^`\s]+)` \|", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Parameter();
}
