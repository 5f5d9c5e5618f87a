using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Reliability;
using Xunit;

namespace Orchestrator.IntegrationTests.Hosting;

/// <summary>
/// A CLI command that ends normally must exit without an alarming line: the CLI logged an ObjectDisposedException
/// (from the sidecar, under "TaskHubSidecarService/Hello") at exit about half the time, with exit code 0, because the
/// sidecar's dispatchers were still stopping (or, for <c>import</c> and <c>attributes</c>, never stopped at all) while
/// the host disposed the services they use. Each command runs several times as its own process, as a user runs it.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class CliShutdownTests(ServersFixture servers)
{
    private const int Rounds = 3;
    private static readonly string[] Alarming = ["Exception", "fail:", "crit:", "   at "];

    [Fact]
    public async Task Commands_RunToTheEndSeveralTimes_ExitWithoutAnExceptionInTheOutput()
    {
        string secrets = RunnerSession.SecretsFile("cli-shutdown");
        await using var setup = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Secrets:LocalFile"] = secrets });
        var destination = await setup.AddAccessKeyDestinationAsync(servers, "cli-" + setup.Tenant);
        await AttributeFile.UploadAsync(servers, destination, AttributeFile.Csv(50));
        var settings = RunnerSession.BaseSettings(servers, secrets);
        settings["Reports:SyntheticRows"] = "2000";
        settings["Logging:LogLevel:Default"] = "Information";

        string[][] commands =
        [
            ["export", "--tenant", setup.Tenant, "--destination", destination.DestinationId, "--report", "sessions", "--period", "2026-11-24", "--force"],
            ["import", "--tenant", setup.Tenant, "--destination", destination.DestinationId, "--force"],
            ["attributes", "get", "--tenant", setup.Tenant, "--user", "user-1"],
        ];
        var problems = new List<string>();
        for (int round = 0; round < Rounds; round++)
        {
            foreach (string[] command in commands)
            {
                var (exitCode, output) = await CliProcess.RunAsync(settings, command);
                string[] alarming = [.. output.Split('\n').Where(line => Alarming.Any(a => line.Contains(a, StringComparison.Ordinal)))];
                if (exitCode != 0 || alarming.Length > 0)
                {
                    problems.Add($"{command[0]} (round {round + 1}) exited {exitCode}:\n{string.Join('\n', alarming.Take(5))}\n--- full output ---\n{output}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }
}
