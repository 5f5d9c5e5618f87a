using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Runner.Hosting;
using Xunit;

namespace Orchestrator.IntegrationTests.Cli;

/// <summary>
/// The README's "Using the local runner" walkthrough, run as written: its bash blocks, in order, in one fresh
/// non-interactive bash (no profile, no aliases) with errexit, from the repository root. It builds the runner, starts
/// radosgw and Azurite through the scripts, creates the bucket, exports, serves, starts an export over HTTP, asks for
/// its status and stops everything. Two substitutions keep it from colliding with a developer's own servers: the
/// server folder <c>.local/dev</c> and the API address <c>127.0.0.1:7071</c> become private ones. Whatever happens,
/// the servers are stopped by PID afterwards.
/// </summary>
public sealed class ReadmeWalkthroughTests
{
    private const string Section = "## Using the local runner";

    [Fact]
    public void Readme_FirstBlock_IsTheDemoAndTheTestCommandOnly()
    {
        string readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));

        var first = BashBlocks(readme).First();

        Assert.Equal(["./scripts/demo.sh", "./scripts/test.sh"], first.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task ReadmeWalkthrough_RunAsWritten_ExportsServesAndStopsEverything()
    {
        string readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        int start = readme.IndexOf(Section, StringComparison.Ordinal);
        Assert.True(start >= 0, "the README has no walkthrough section");
        int end = readme.IndexOf("\n## ", start + Section.Length, StringComparison.Ordinal);
        var blocks = BashBlocks(readme[start..(end < 0 ? readme.Length : end)]).ToList();
        Assert.NotEmpty(blocks);
        Assert.False(blocks.Any(b => Regex.IsMatch(b, @"^\s*alias\s", RegexOptions.Multiline)), "an alias does nothing in a non-interactive shell: use scripts/orchestrator");

        string folder = ".local/walkthrough-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];
        string serverFolder = Path.Combine(Repo.Root, folder);
        int port = FreePort.Next();
        string pidFile = Path.Combine(serverFolder, "serve.pid");
        var script = new StringBuilder();
        script.AppendLine("set -euo pipefail");
        script.AppendLine($"cd '{Repo.Root}'");
        script.AppendLine($"mkdir -p '{serverFolder}'");
        foreach (string block in blocks)
        {
            script.AppendLine("echo '### README block'");
            script.AppendLine(block.Replace(".local/dev", folder, StringComparison.Ordinal).Replace("127.0.0.1:7071", $"127.0.0.1:{port}", StringComparison.Ordinal));

            // The harness's own lines: remember the server's PID for the cleanup below.
            script.AppendLine($"if [[ -n ${{serve_pid:-}} ]]; then echo \"$serve_pid\" > '{pidFile}'; fi");
        }

        // After the last block: the server has exited and the scripts' servers are gone.
        script.AppendLine("wait \"$serve_pid\" || true");
        script.AppendLine("for name in MON_PID OSD_PID RGW_PID AZURITE_PID; do pid=${!name}; stat=$(ps -o stat=,cmd= -p \"$pid\" || true); if [[ -n $stat && $stat != Z* ]]; then echo \"STILL RUNNING: $name=$pid $stat\"; fi; done");
        script.AppendLine("echo '### walkthrough done'");

        string output;
        int exitCode;
        try
        {
            (exitCode, output) = await RunBashAsync(script.ToString(), TimeSpan.FromMinutes(10));
        }
        finally
        {
            await StopLeftoversAsync(serverFolder, pidFile);
        }

        Assert.True(exitCode == 0, $"the walkthrough failed (exit {exitCode}):\n{output}");
        Assert.Contains("### walkthrough done", output, StringComparison.Ordinal);
        Assert.Contains("Bucket acme-exports created", output, StringComparison.Ordinal);
        Assert.Contains("Run export:acme:s3-main:sessions:2026-11-24 completed.", output, StringComparison.Ordinal);
        Assert.True(Regex.IsMatch(output, @"""Rows"": 100000"), "pattern " + @"""Rows"": 100000" + " not found in the walkthrough output:\n" + output);
        Assert.True(Regex.IsMatch(output, @"HTTP/1\.1 20[02] "), "pattern " + @"HTTP/1\.1 20[02] " + " not found in the walkthrough output:\n" + output);
        Assert.True(Regex.IsMatch(output, @"(?m)^Location: http://127\.0\.0\.1:\d+/api/(tenants/acme/)?runs/export:acme:s3-main:sessions:2026-11-24\r?$"), "pattern " + @"(?m)^Location: http://127\.0\.0\.1:\d+/api/(tenants/acme/)?runs/export:acme:s3-main:sessions:2026-11-24\r?$" + " not found in the walkthrough output:\n" + output);
        Assert.True(Regex.IsMatch(output, @"(?m)^200 OK$"), "pattern " + @"(?m)^200 OK$" + " not found in the walkthrough output:\n" + output);
        Assert.True(Regex.IsMatch(output, @"""startedAt"": ""[0-9T:.-]+\+00:00"""), "pattern " + @"""startedAt"": ""[0-9T:.-]+\+00:00""" + " not found in the walkthrough output:\n" + output);
        Assert.DoesNotContain("\\u002B", output, StringComparison.Ordinal);
        Assert.False(output.Contains("STILL RUNNING", StringComparison.Ordinal), "the README's last block left a server running:\n" + output);
    }

    private static IEnumerable<string> BashBlocks(string markdown) =>
        Regex.Matches(markdown, @"^```bash\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline).Select(m => m.Groups[1].Value);

    private static async Task<(int ExitCode, string Output)> RunBashAsync(string script, TimeSpan timeout)
    {
        // A fresh non-interactive shell: no profile or rc files, so nothing the README does not say is set up.
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = Repo.Root };
        start.ArgumentList.Add("--noprofile");
        start.ArgumentList.Add("--norc");
        start.ArgumentList.Add("-s");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.StandardInput.WriteAsync(script);
        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Append(output, $"### timed out after {timeout}");
        }

        process.WaitForExit(); // flushes the asynchronous output readers
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    /// <summary>Stops by PID whatever a failed walkthrough left running, and removes its folder.</summary>
    private static async Task StopLeftoversAsync(string serverFolder, string pidFile)
    {
        if (File.Exists(pidFile) && int.TryParse(await File.ReadAllTextAsync(pidFile), out int pid))
        {
            try
            {
                using var serve = Process.GetProcessById(pid);
                if (serve.ProcessName == "dotnet")
                {
                    serve.Kill(entireProcessTree: true);
                    await serve.WaitForExitAsync();
                }
            }
            catch (ArgumentException)
            {
                // Already gone, as it should be.
            }
        }

        await Repo.RunScriptAsync("rgw-down.sh", Path.Combine(serverFolder, "rgw"));
        await Repo.RunScriptAsync("azurite-down.sh", Path.Combine(serverFolder, "azurite"));
        try
        {
            Directory.Delete(serverFolder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under .local (ignored by git).
        }
    }
}
