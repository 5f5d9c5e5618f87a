using Azure.Data.Tables;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Runs;
using Xunit;

namespace Orchestrator.IntegrationTests.Operations;

/// <summary>
/// The run table on Azurite keeps a run's outcome against a late duplicate of its first write (an activity delivered
/// again after a runner was killed), while a restarted run (another start) still replaces it.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class RunRecordStoreTests(ServersFixture servers)
{
    [Fact]
    public async Task Upsert_LateRunningWriteOfTheSameExecution_KeepsTheOutcomeARestartReplacesIt()
    {
        var table = new TableClient(servers.StorageConnectionString, "RunsDup" + Guid.NewGuid().ToString("N")[..10]);
        await table.CreateIfNotExistsAsync();
        var store = new TableRunStore(table);
        var start = DateTimeOffset.UtcNow;
        var running = new RunRecord
        {
            TenantId = "t1",
            RunId = "export:t1:d1:sessions:2026-10-07",
            Kind = "export",
            DestinationId = "d1",
            Status = RunStatus.Running,
            StartedAt = start,
        };

        await store.UpsertAsync(running, CancellationToken.None);
        await store.UpsertAsync(running with { Status = RunStatus.Succeeded, Rows = 100, FinishedAt = start.AddSeconds(2) }, CancellationToken.None);
        await store.UpsertAsync(running, CancellationToken.None);
        var afterDuplicate = await store.GetAsync("t1", running.RunId, CancellationToken.None);

        await store.UpsertAsync(running with { StartedAt = start.AddMinutes(1) }, CancellationToken.None);
        var afterRestart = await store.GetAsync("t1", running.RunId, CancellationToken.None);

        await store.UpsertAsync(running with { StartedAt = start.AddMinutes(1), Status = RunStatus.Failed }, CancellationToken.None);
        await store.UpsertAsync(running with { StartedAt = start.AddMinutes(1) }, CancellationToken.None);
        var afterRestartFailed = await store.GetAsync("t1", running.RunId, CancellationToken.None);

        Assert.Equal((RunStatus.Succeeded, 100L), (afterDuplicate!.Status, afterDuplicate.Rows));
        Assert.Equal(RunStatus.Running, afterRestart!.Status);
        Assert.Equal(RunStatus.Failed, afterRestartFailed!.Status);
        await table.DeleteAsync();
    }
}
