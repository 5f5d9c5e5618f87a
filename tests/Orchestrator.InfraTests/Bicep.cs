using System.Diagnostics;
using System.Reflection;

namespace Orchestrator.InfraTests;

/// <summary>What one run of the Bicep CLI did.</summary>
internal sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 NuGet package (a self-contained single-file .NET app),
/// run as a child process. It needs no network to build a template made of local modules.
/// </summary>
internal static class Bicep
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly Lazy<string> ExecutablePath = new(PrepareExecutable);

    /// <summary>The repository's top-level folder (recorded by the test project at build time).</summary>
    public static string RepositoryRoot { get; } = BuildValue("RepositoryRoot");

    public static string InfraDirectory { get; } = Path.Combine(RepositoryRoot, "infra");

    /// <summary><c>bicep build FILE --stdout</c>: the ARM JSON on stdout, diagnostics on stderr.</summary>
    public static BicepResult Build(string bicepFile) => Run("build", bicepFile, "--stdout");

    public static BicepResult Run(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(ExecutablePath.Value)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // A single-file bundle extracts its native libraries on first run; give it a folder that is always writable
        // (the default is under $HOME, which CI or a sandbox may not have).
        startInfo.Environment["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = Path.Combine(Path.GetTempPath(), "orchestrator-infratests-bicep");
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {startInfo.FileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        process.WaitForExit();
        return new BicepResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>The package's executable, made executable if the package extraction dropped the mode bits.</summary>
    private static string PrepareExecutable()
    {
        string path = BuildValue("BicepExecutable");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The Bicep CLI is missing at {path}: restore tests/Orchestrator.InfraTests.", path);
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            var execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }

        return path;
    }

    private static string BuildValue(string key) =>
        typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is empty.");
}
