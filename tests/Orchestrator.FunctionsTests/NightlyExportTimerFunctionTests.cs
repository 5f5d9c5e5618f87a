using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.Exports.Orchestrations;
using Orchestrator.Functions.Functions;
using Orchestrator.Nightly;
using Orchestrator.Options;

namespace Orchestrator.FunctionsTests;

public sealed class NightlyExportTimerFunctionTests
{
    private static readonly DateOnly Yesterday = new(2025, 3, 9);
    private static readonly NightlyExport Contoso = new() { Tenant = "contoso", DestinationId = "s3-main", Report = "insights" };
    private static readonly NightlyExport Fabrikam = new() { Tenant = "fabrikam", DestinationId = "bucket-1", Report = "sessions" };

    private readonly Mock<DurableTaskClient> client = new(MockBehavior.Strict, "test");
    private readonly List<(string Name, ExportRequest Input, string InstanceId)> scheduled = [];

    public NightlyExportTimerFunctionTests()
    {
        this.client
            .Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((TaskName name, object? input, StartOrchestrationOptions? options, CancellationToken _) =>
                this.scheduled.Add((name.Name, (ExportRequest)input!, options!.InstanceId!)))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? options, CancellationToken _) => options!.InstanceId!);
    }

    [Fact]
    public async Task RunAsync_NoRunsYet_StartsEachConfiguredExportForYesterdayUtc()
    {
        this.SetExisting();
        var function = CreateFunction(new DateTimeOffset(2025, 3, 10, 0, 30, 0, TimeSpan.FromHours(2)), Contoso, Fabrikam); // 2025-03-09T22:30Z

        await function.RunAsync(new TimerInfo(), this.client.Object, CancellationToken.None);

        var expected = new[] { Contoso, Fabrikam }.Select(e => new ExportRequest(e.Tenant, e.DestinationId, e.Report, new DateOnly(2025, 3, 8)));
        Assert.Equal(expected.Select(r => (nameof(ExportOrchestrator), r, ExportNaming.InstanceId(r))), this.scheduled);
    }

    [Fact]
    public async Task RunAsync_OneRunExists_StartsOnlyTheOther()
    {
        var existing = new ExportRequest(Contoso.Tenant, Contoso.DestinationId, Contoso.Report, Yesterday);
        this.SetExisting(ExportNaming.InstanceId(existing));
        var function = CreateFunction(new DateTimeOffset(2025, 3, 10, 2, 0, 0, TimeSpan.Zero), Contoso, Fabrikam);

        await function.RunAsync(new TimerInfo(), this.client.Object, CancellationToken.None);

        var started = Assert.Single(this.scheduled);
        Assert.Equal(new ExportRequest(Fabrikam.Tenant, Fabrikam.DestinationId, Fabrikam.Report, Yesterday), started.Input);
    }

    [Fact]
    public async Task StartAsync_LostRaceToAnotherStarter_ReportsNotStartedWithoutError()
    {
        string instanceId = ExportNaming.InstanceId(new ExportRequest(Contoso.Tenant, Contoso.DestinationId, Contoso.Report, Yesterday));
        this.client
            .SetupSequence(c => c.GetInstanceAsync(instanceId, false, It.IsAny<CancellationToken>()))
            .ReturnsAsync((OrchestrationMetadata?)null)
            .ReturnsAsync(new OrchestrationMetadata(nameof(ExportOrchestrator), instanceId));
        this.client
            .Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("An orchestration with this instance id already exists."));

        var started = await NightlyExports.StartAsync(this.client.Object, [Contoso], Yesterday, CancellationToken.None);

        Assert.Empty(started);
    }

    [Fact]
    public async Task StartAsync_InvalidEntry_StartsTheOthersThenThrows()
    {
        this.SetExisting();
        var invalid = new NightlyExport { Tenant = "bad:tenant", DestinationId = "d", Report = "insights" };

        var error = await Assert.ThrowsAsync<AggregateException>(
            () => NightlyExports.StartAsync(this.client.Object, [invalid, Fabrikam], Yesterday, CancellationToken.None));

        Assert.IsType<ArgumentException>(Assert.Single(error.InnerExceptions));
        Assert.Equal(Fabrikam.Tenant, Assert.Single(this.scheduled).Input.TenantId);
    }

    private static NightlyExportTimerFunction CreateFunction(DateTimeOffset now, params NightlyExport[] exports) => new(
        Microsoft.Extensions.Options.Options.Create(new NightlyOptions { Exports = [.. exports] }),
        Microsoft.Extensions.Options.Options.Create(new ImportOptions()),
        new FixedTimeProvider(now),
        NullLogger<NightlyExportTimerFunction>.Instance);

    /// <summary>Instances that exist in the fake store; every other id is unknown.</summary>
    private void SetExisting(params string[] instanceIds) =>
        this.client
            .Setup(c => c.GetInstanceAsync(It.IsAny<string>(), false, It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool _, CancellationToken _) => instanceIds.Contains(id) ? new OrchestrationMetadata(nameof(ExportOrchestrator), id) : null);

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
