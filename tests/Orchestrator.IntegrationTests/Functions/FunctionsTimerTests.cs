using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Functions.Functions;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Runs;
using Xunit;

namespace Orchestrator.IntegrationTests.Functions;

/// <summary>
/// The Functions app's timers, built by its own DI and invoked with normal and past-due schedules against a real durable
/// client: the nightly timer starts yesterday's night (once), the purge timer purges finished history past retention.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class FunctionsTimerTests(ServersFixture servers)
{
    [Fact]
    public async Task NightlyTimer_PastDueThenNormal_LogsLatenessAndStartsYesterdaysNightOnce()
    {
        await using var app = await FunctionsApp.StartAsync(servers, new FixedTime(new DateTimeOffset(2019, 4, 9, 1, 30, 0, TimeSpan.Zero)));
        var timer = ActivatorUtilities.CreateInstance<NightlyExportTimerFunction>(app.Services);

        await timer.RunAsync(new TimerInfo { IsPastDue = true }, app.Client, CancellationToken.None);
        var night = await app.Runner.WaitAsync("nightly:2019-04-08");
        await timer.RunAsync(new TimerInfo { IsPastDue = false }, app.Client, CancellationToken.None);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, night.RuntimeStatus);
        Assert.Equal(night.CreatedAt, (await app.Client.GetInstanceAsync("nightly:2019-04-08"))!.CreatedAt); // not started again
        var lines = app.Logs.Entries.Where(e => e.Category == typeof(NightlyExportTimerFunction).FullName).ToList();
        Assert.Single(lines, l => l.Level == LogLevel.Warning && l.Message == "Nightly timer is running late (past due)");
        Assert.Equal(
            ["run nightly:2019-04-08, newly started True", "run nightly:2019-04-08, newly started False"],
            lines.Where(l => l.Level == LogLevel.Information).Select(l => l.Message[(l.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..]));
    }

    [Fact]
    public async Task PurgeTimer_NormalAndPastDue_PurgeFinishedHistoryPastRetentionAndKeepTheRunRecords()
    {
        // The app's clock runs two days ahead, so a run finished now is past the minimum retention of one day.
        await using var app = await FunctionsApp.StartAsync(servers, new FixedTime(DateTimeOffset.UtcNow.AddDays(2)), new Dictionary<string, string?> { ["Operations:HistoryRetentionDays"] = "1" });
        string bucket = "fp-" + app.Tenant;
        using (var s3 = servers.AdminS3())
        {
            await s3.PutBucketAsync(bucket);
        }

        var destination = app.Request("POST", $"tenants/{app.Tenant}/destinations", new
        {
            destinationId = "keys", authMethod = "accessKey", bucket, region = "us-east-1", accessKeyId = servers.AccessKey, secretAccessKey = servers.SecretKey,
        });
        Assert.Equal(201, (await FunctionsApp.ExecuteAsync(destination, DestinationsFunction.RunAsync(destination, app.Tenant, CancellationToken.None))).Status);
        var timer = ActivatorUtilities.CreateInstance<PurgeHistoryTimerFunction>(app.Services);

        foreach (var (day, pastDue) in new[] { ("2026-11-24", false), ("2026-11-25", true) })
        {
            string id = $"export:{app.Tenant}:keys:sessions:{day}";
            var start = app.Request("POST", "exports", new { tenant = app.Tenant, destinationId = "keys", report = "sessions", period = day });
            Assert.Equal(202, (await FunctionsApp.ExecuteAsync(start, StartExportFunction.RunAsync(start, app.Client, CancellationToken.None))).Status);
            await app.Runner.WaitAsync(id);

            await timer.RunAsync(new TimerInfo { IsPastDue = pastDue }, app.Client, CancellationToken.None);

            Assert.Null(await app.Client.GetInstanceAsync(id));
            Assert.Equal(RunStatus.Succeeded, (await app.Services.GetRequiredService<IRunStore>().GetAsync(app.Tenant, id, CancellationToken.None))!.Status);
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
