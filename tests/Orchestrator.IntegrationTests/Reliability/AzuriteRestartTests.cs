using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Microsoft.DurableTask.Client;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.Imports;
using Orchestrator.Imports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.IntegrationTests.Reliability;

/// <summary>
/// The Azurite that holds everything of the persistent backend (durable history, queues, leases) and the product's
/// tables is stopped mid-run, stays down for a seeded few seconds and comes back with its data on the same ports,
/// while an export and an import are running. Both runs must come through, exactly, with the invariants holding
/// and no secret in that storage account or the logs.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class AzuriteRestartTests(ServersFixture servers, ITestOutputHelper output)
{
    private const int ExportRows = 400_000;
    private const int ImportUsers = 20_000;
    private const int ImportPadding = 60;

    [Fact]
    public async Task ExportAndImport_AzuriteRestartedMidRunWithItsData_BothCompleteExactly()
    {
        int seed = ReliabilitySupport.Seed(2718);
        var random = new Random(seed);
        await using var azurite = await PrivateAzurite.StartAsync();
        string hub = "restart" + Guid.NewGuid().ToString("N")[..12];
        await using var runner = await RunnerSession.StartAsync(
            servers,
            new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = azurite.ConnectionString,
                ["Runner:Backend"] = "AzureStorage",
                ["Runner:TaskHub"] = hub,
                ["Runner:WorkItemVisibilityTimeout"] = "00:00:10",
                ["Reports:SyntheticRows"] = ExportRows.ToString(CultureInfo.InvariantCulture),
                ["Export:PartSizeMiB"] = "8",
                ["Export:MaxParallelParts"] = "1",
                ["Export:Compression"] = "None",
                ["Import:ChunkMiB"] = "1",
            });
        var exportDestination = await runner.AddAccessKeyDestinationAsync(servers, "rstexp-" + runner.Tenant);
        var importDestination = await runner.AddAccessKeyDestinationAsync(servers, "rstimp-" + runner.Tenant);
        await AttributeFile.UploadAsync(servers, importDestination, AttributeFile.Csv(ImportUsers, ImportPadding));
        var request = runner.Request(exportDestination);

        string exportId = (await runner.Exports.StartAsync(runner.Client, request, force: false, CancellationToken.None)).InstanceId;
        string importId = (await runner.Imports.StartAsync(runner.Client, new ImportRequest(runner.Tenant, importDestination.DestinationId, "attributes/", new DateOnly(2026, 11, 24), Force: false), CancellationToken.None)).InstanceId;
        int atPart = random.Next(1, 4);
        var downtime = TimeSpan.FromSeconds(random.Next(3, 9));
        await ReliabilitySupport.WaitForProgressAsync(runner, exportId, "partsDone", atPart);
        await ReliabilitySupport.AssertRunningAsync(runner, importId);
        await azurite.RestartAsync(downtime);

        var export = await WaitThroughOutagesAsync(runner, exportId);
        var import = await WaitThroughOutagesAsync(runner, importId);

        // Both runs came through: an outage of the durable store is waited out, not turned into a failure.
        Assert.True(export.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"export {export.RuntimeStatus}: {export.FailureDetails?.ErrorMessage}");
        Assert.True(import.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"import {import.RuntimeStatus}: {import.FailureDetails?.ErrorMessage}");
        var verification = await ScenarioInvariants.AssertExportAsync(
            servers, azurite.ConnectionString, exportDestination, request, exportId, export.ReadOutputAs<ExportResult>(), ExportCompression.None, ExportRows);
        var result = import.ReadOutputAs<ImportResult>()!;
        Assert.Equal((ImportUsers, 0L), (result.RowsImported, result.RowsRejected));
        await ScenarioInvariants.AssertImportAsync(servers, azurite.ConnectionString, runner.Tenant, importDestination.Bucket, importId, result);
        Assert.Equal(ImportUsers, await AttributeFile.AssertRowsAsync(azurite.ConnectionString, runner.Tenant, ImportPadding));
        int scanned = await ScenarioInvariants.AssertNoSecretsAsync(
            azurite.ConnectionString, scope: null, [("secret access key", servers.SecretKey)], [("logs", string.Join('\n', runner.Logs.Lines))]);
        ReliabilitySupport.Report(
            output,
            "azurite-restart",
            $"seed={seed} restartedAfterPart={atPart} downtime={downtime.TotalSeconds}s export=Completed bytes={verification!.StoredBytes} rows={verification.Rows} import=Completed rows={result.RowsImported} placesScannedForSecrets={scanned}; dataLost=0");
    }

    /// <summary>Waits for the run to finish, riding out status queries that fail while the storage recovers.</summary>
    private static async Task<OrchestrationMetadata> WaitThroughOutagesAsync(RunnerSession runner, string instanceId)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(4))
        {
            try
            {
                var run = await runner.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
                if (run is { IsCompleted: true })
                {
                    return run;
                }
            }
            catch (RpcException)
            {
                // The sidecar answers with an error while the storage behind it is still coming back.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{instanceId} did not finish within 4 minutes of the restart");
    }
}
