using System.Text;
using Amazon.S3.Model;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Imports;
using Orchestrator.Imports.Counts;
using Orchestrator.Imports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Logging;
using Xunit;

namespace Orchestrator.IntegrationTests.Logging;

/// <summary>
/// Every log line a run writes — ours and the SDKs' inside its activities — carries the run id, tenant and
/// destination as structured scope values, on the real runner (the same task registration the Functions app uses).
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class RunLogScopeTests(ServersFixture servers)
{
    [Fact]
    public async Task ExportAndImport_EveryLineOfTheRun_CarriesRunIdTenantAndDestination()
    {
        var logs = new CapturingLoggerProvider();
        await using var runner = await RunnerSession.StartAsync(
            servers,
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Orchestrator"] = "Debug",
                ["Reports:SyntheticRows"] = "200000",
                ["Export:PartSizeMiB"] = "8",
                ["Export:Compression"] = "None",
            },
            services => services.AddSingleton<ILoggerProvider>(logs));
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "scope-" + runner.Tenant);
        using (var admin = servers.AdminS3())
        {
            await admin.PutObjectAsync(new PutObjectRequest
            {
                BucketName = destination.Bucket,
                Key = "subfolder name/attributes/users.csv",
                ContentBody = "user_id,tier\nu1,gold\n,missing id\n",
            });
        }

        int before = logs.Entries.Count;
        var export = await runner.RunExportAsync(runner.Request(destination));
        var exportLines = logs.Entries.Skip(before).ToList();
        before = logs.Entries.Count;
        var import = await runner.WaitAsync((await runner.Imports.StartAsync(runner.Client, new ImportRequest(runner.Tenant, destination.DestinationId, "attributes/", new DateOnly(2026, 11, 25), Force: false), CancellationToken.None)).InstanceId);
        var importLines = logs.Entries.Skip(before).ToList();

        // The tenant's counts keeper counts after the import (which does not wait for it): its lines are its own run's.
        string keeper = AttributeCountOrchestrator.InstanceId(runner.Tenant);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await runner.WaitAsync(keeper)).RuntimeStatus);
        var keeperLines = logs.Entries.Where(l => Equals(l.Scope.GetValueOrDefault("RunId"), keeper)).ToList();
        importLines = [.. importLines.Where(l => !Equals(l.Scope.GetValueOrDefault("RunId"), keeper))];

        Assert.Equal(OrchestrationRuntimeStatus.Completed, export.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, import.RuntimeStatus);
        foreach (var (run, lines) in new[] { (export.InstanceId, exportLines), (import.InstanceId, importLines) })
        {
            var ours = lines.Where(l => l.Category.StartsWith("Orchestrator.", StringComparison.Ordinal)).ToList();
            Assert.True(ours.Count >= 3, $"the run {run} logged only {ours.Count} lines of ours");
            foreach (var line in ours)
            {
                Assert.True(line.Scope.TryGetValue("RunId", out object? id) && Equals(id, run), "no run id on: " + line.Text);
                Assert.True(Equals(line.Scope.GetValueOrDefault("TenantId"), runner.Tenant), "no tenant on: " + line.Text);
                Assert.True(Equals(line.Scope.GetValueOrDefault("DestinationId"), destination.DestinationId), "no destination on: " + line.Text);
                Assert.True(line.Scope.ContainsKey("Task"), "no task on: " + line.Text);
                Assert.False(line.Message.Contains(run, StringComparison.Ordinal), "the message repeats the run id its scope already shows: " + line.Message);
            }
        }

        // Every count activity runs in the keeper's scope: its run id, the tenant, no destination (counts are the tenant's).
        Assert.Contains(keeperLines, l => Equals(l.Scope.GetValueOrDefault("Task"), nameof(CountAttributeShardActivity)));
        Assert.Contains(keeperLines, l => Equals(l.Scope.GetValueOrDefault("Task"), nameof(PublishAttributeCountsActivity)));
        foreach (var line in keeperLines.Where(l => l.Category.StartsWith("Orchestrator.", StringComparison.Ordinal)))
        {
            Assert.True(Equals(line.Scope.GetValueOrDefault("TenantId"), runner.Tenant), "no tenant on: " + line.Text);
            Assert.True(Equals(line.Scope.GetValueOrDefault("DestinationId"), RunLogScope.None), "a destination on: " + line.Text);
            Assert.True(line.Scope.ContainsKey("Task"), "no task on: " + line.Text);
        }

        // Part uploads are logged inside their activities, one per part, each naming the activity.
        Assert.Contains(exportLines, l => Equals(l.Scope.GetValueOrDefault("Task"), "UploadPartActivity") && l.Message.StartsWith("Part ", StringComparison.Ordinal));

        // Counts take the right noun: the import above reads one file.
        Assert.Contains(importLines, l => l.Message.Contains(" of 1 file imported", StringComparison.Ordinal));
    }
}
