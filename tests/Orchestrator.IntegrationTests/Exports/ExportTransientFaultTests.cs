using System.Text.Json;
using Amazon.S3.Model;
using Microsoft.DurableTask.Client;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Reports;
using Orchestrator.Runner.Cli;
using Xunit;

namespace Orchestrator.IntegrationTests.Exports;

/// <summary>S3 going away mid-export is retried by the orchestration's transient retry policy; the run completes intact.</summary>
[Collection(ServersCollection.Name)]
public sealed class ExportTransientFaultTests(ServersFixture servers)
{
    [Theory]
    [InlineData("InMemory")]
    [InlineData("AzureStorage")]
    public async Task Export_RadosgwStoppedDuringPartUploads_CompletesWithExactBytes(string backend)
    {
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["Runner:Backend"] = backend,
            ["Runner:TaskHub"] = "transient" + Guid.NewGuid().ToString("N")[..12],
            ["Reports:SyntheticRows"] = "600000",
            ["Export:PartSizeMiB"] = "8",
            ["Export:MaxParallelParts"] = "1",
            ["Export:Compression"] = "None",
        });
        string bucket = "transient-" + runner.Tenant;
        var destination = await runner.AddAccessKeyDestinationAsync(servers, bucket);
        var request = runner.Request(destination);

        var outcome = await runner.Exports.StartAsync(runner.Client, request, force: false, CancellationToken.None);
        await WaitForPartsAsync(runner, outcome.InstanceId, atLeast: 1);
        await Repo.RunScriptAsync("rgw-restart.sh", servers.RgwDir, "--stop-only");
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(6));
        }
        finally
        {
            await Repo.RunScriptAsync("rgw-restart.sh", servers.RgwDir, "--start-only");
        }

        var run = await runner.WaitAsync(outcome.InstanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        using var admin = servers.AdminS3();
        var verification = await ExportVerifier.VerifyAsync(admin, run.ReadOutputAs<ExportResult>()!, new ReportLocator(runner.Tenant, "sessions", request.Period), CancellationToken.None);
        Assert.True(verification.IsValid, "object, manifest and generated report must agree");
        Assert.Equal(600_000, verification.Rows);
        var uploads = await admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        Assert.Empty(uploads.MultipartUploads ?? []);
    }

    private static async Task WaitForPartsAsync(RunnerSession runner, string instanceId, int atLeast)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            var metadata = await runner.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
            if (metadata?.SerializedCustomStatus is { } status
                && JsonSerializer.Deserialize<ExportProgress>(status, RunnerSession.WebJson) is { PartsDone: var done } && done >= atLeast)
            {
                return;
            }

            Assert.False(metadata?.IsCompleted, "the run finished before the fault could be injected");
            await Task.Delay(50, timeout.Token);
        }
    }
}
