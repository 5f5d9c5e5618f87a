using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Orchestrator.Functions.Functions;
using Orchestrator.Nightly;
using Orchestrator.Nightly.Models;
using Orchestrator.Options;

namespace Orchestrator.FunctionsTests;

/// <summary>The timer only starts the night's scheduler, under an id derived from the day (logic: Moq client).</summary>
public sealed class NightlyExportTimerFunctionTests
{
    private readonly Mock<DurableTaskClient> client = new(MockBehavior.Strict, "test");
    private readonly List<(string Name, NightlyInput Input, string InstanceId)> scheduled = [];

    public NightlyExportTimerFunctionTests()
    {
        this.client
            .Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Callback((TaskName name, object? input, StartOrchestrationOptions? options, CancellationToken _) =>
                this.scheduled.Add((name.Name, (NightlyInput)input!, options!.InstanceId!)))
            .ReturnsAsync((TaskName _, object? _, StartOrchestrationOptions? options, CancellationToken _) => options!.InstanceId!);
    }

    [Fact]
    public async Task RunAsync_FirstFiringOfTheNight_StartsTheSchedulerForYesterdayUtc()
    {
        this.SetExisting();
        var function = CreateFunction(new DateTimeOffset(2025, 3, 10, 0, 30, 0, TimeSpan.FromHours(2))); // 2025-03-09T22:30Z

        await function.RunAsync(new TimerInfo(), this.client.Object, CancellationToken.None);

        var started = Assert.Single(this.scheduled);
        Assert.Equal(nameof(NightlySchedulerOrchestrator), started.Name);
        Assert.Equal("nightly:2025-03-08", started.InstanceId);
        Assert.Equal(new DateOnly(2025, 3, 8), started.Input.Day);
        Assert.Equal(20, started.Input.MaxConcurrentRuns);
        Assert.False(started.Input.Force);
    }

    [Fact]
    public async Task RunAsync_FiredTwiceTheSameNight_StartsNothingTheSecondTime()
    {
        this.SetExisting("nightly:2025-03-09");
        var function = CreateFunction(new DateTimeOffset(2025, 3, 10, 2, 0, 0, TimeSpan.Zero));

        await function.RunAsync(new TimerInfo(), this.client.Object, CancellationToken.None);

        Assert.Empty(this.scheduled);
    }

    private static NightlyExportTimerFunction CreateFunction(DateTimeOffset now) => new(
        Microsoft.Extensions.Options.Options.Create(new NightlyOptions()),
        new FixedTimeProvider(now),
        NullLogger<NightlyExportTimerFunction>.Instance);

    private void SetExisting(params string[] instanceIds) =>
        this.client
            .Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool _, CancellationToken _) => instanceIds.Contains(id) ? new OrchestrationMetadata(nameof(NightlySchedulerOrchestrator), id) { RuntimeStatus = OrchestrationRuntimeStatus.Running } : null);

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}
