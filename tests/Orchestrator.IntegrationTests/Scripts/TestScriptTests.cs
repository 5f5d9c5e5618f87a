using System.Diagnostics;
using System.Text;
using Orchestrator.IntegrationTests.Infrastructure;
using Xunit;

namespace Orchestrator.IntegrationTests.Scripts;

/// <summary>
/// scripts/test.sh says what it is doing: the build (each project, then a summary), each test project as it starts
/// and as it ends with its counts, each failed test with its error, and the closing line CI reads. The script runs
/// for real; only <c>dotnet</c> is a stand-in on PATH (a test cannot run the whole suite inside the suite), which
/// answers like the real one: "X -> path" lines for a build, per-test result lines and a run summary for a test run.
/// </summary>
public sealed class TestScriptTests
{
    private const string StubDotnet = """
        #!/usr/bin/env bash
        case "$1" in
          build)
            echo "  Orchestrator.Core -> /repo/src/Orchestrator.Core/bin/Release/net10.0/Orchestrator.Core.dll"
            echo "  Orchestrator.UnitTests -> /repo/tests/Orchestrator.UnitTests/bin/Release/net10.0/Orchestrator.UnitTests.dll"
            ;;
          test)
            name=$(basename "$2" .csproj)
            echo "  Passed $name.First [1 ms]"
            echo "  Passed $name.Second [2 ms]"
            if [[ $name == Orchestrator.UnitTests ]]; then
              echo "  Failed $name.Broken [3 ms]"
              echo "  Error Message:"
              echo "   Assert.Equal() Failure: the stand-in failed on purpose"
              printf '\nTest Run Failed.\nTotal tests: 3\n     Passed: 2\n     Failed: 1\n Total time: 1.0 Seconds\n'
              exit 1
            fi
            printf '\nTest Run Successful.\nTotal tests: 2\n     Passed: 2\n Total time: 1.0 Seconds\n'
            ;;
          *) echo "stand-in dotnet: unexpected $*" >&2; exit 2 ;;
        esac
        """;

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task TestScript_BuildAndFourTestProjects_AnnouncesEachStepAndClosesWithTheTotals()
    {
        string bin = Directory.CreateTempSubdirectory("test-sh-stub-").FullName;
        try
        {
            string dotnet = Path.Combine(bin, "dotnet");
            await File.WriteAllTextAsync(dotnet, StubDotnet.Replace("\r", string.Empty, StringComparison.Ordinal) + "\n");
            File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            var (exitCode, output) = await RunAsync(bin);

            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
            Assert.True(exitCode != 0, "a failed test must fail the script:\n" + output);
            Assert.Contains("==> Building Orchestrator.sln (Release; about 2 minutes on 2 cores)", lines);
            Assert.Contains("    built Orchestrator.Core", lines);
            Assert.Contains(lines, l => l.StartsWith("==> Build succeeded in ", StringComparison.Ordinal));
            string[] projects = ["Orchestrator.FunctionsTests", "Orchestrator.InfraTests", "Orchestrator.IntegrationTests", "Orchestrator.UnitTests"];
            foreach (string project in projects)
            {
                int started = lines.IndexOf($"==> {project}: started");
                int finished = lines.FindIndex(l => l.StartsWith($"==> {project}: finished in ", StringComparison.Ordinal));
                Assert.True(started >= 0 && finished > started, $"{project} is not announced as it starts and ends:\n{output}");
                Assert.EndsWith(project == "Orchestrator.UnitTests" ? ": 2 passed, 1 failed, 0 skipped" : ": 2 passed, 0 failed, 0 skipped", lines[finished], StringComparison.Ordinal);
            }

            Assert.Contains("  Failed Orchestrator.UnitTests.Broken [3 ms]", lines);
            Assert.Contains("   Assert.Equal() Failure: the stand-in failed on purpose", lines);
            Assert.Equal("8 passed, 1 failed", lines[^1]);
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string stubBin)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        start.ArgumentList.Add(Path.Combine(Repo.Root, "scripts", "test.sh"));
        start.Environment["PATH"] = stubBin + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["TEST_JOBS"] = "2";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        await stderr; // install-deps.sh reports there; everything test.sh says itself goes to standard output
        return (process.ExitCode, await stdout);
    }
}
