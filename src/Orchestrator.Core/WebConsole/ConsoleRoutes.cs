namespace Orchestrator.WebConsole;

/// <summary>
/// Where the console is served. The runner serves it at <c>/</c> and <c>/console/…</c>; the Functions app (whose HTTP
/// routes all live below <c>/api/</c>) at <c>/api/console/…</c>. Both hand the rest of the path to
/// <see cref="WebConsoleEndpoint"/>. The page holds no data: every API call it makes carries the user's token.
/// </summary>
public static class ConsoleRoutes
{
    /// <summary>The Functions app's route template (below the <c>api</c> prefix).</summary>
    public const string FunctionsTemplate = "console/{*asset}";

    /// <summary>The console's address on the Functions app.</summary>
    public const string FunctionsBase = "/api/console/";

    /// <summary>The runner's route template for the console's files.</summary>
    public const string RunnerTemplate = "/console/{*asset}";

    /// <summary>The console's address on the runner.</summary>
    public const string RunnerBase = "/console/";

    /// <summary>The sign-in configuration the page reads (below the console's address).</summary>
    public const string ConfigAsset = "config.json";

    /// <summary>Versioned assets live below this folder: <c>v/{version}/{name}</c>, cached as immutable.</summary>
    public const string VersionedFolder = "v/";
}
