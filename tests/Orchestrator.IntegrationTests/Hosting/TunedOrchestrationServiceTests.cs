using DurableTask.Core;
using DurableTask.Core.History;
using Moq;
using Orchestrator.Runner.Hosting;
using Xunit;

namespace Orchestrator.IntegrationTests.Hosting;

/// <summary>
/// The runner's backend wrapper enforces the work-item limits itself (the sidecar's dispatchers, at their limit, look
/// again only every 500 ms): a fetch beyond the limit waits, and resumes as soon as a work item gives its slot back.
/// The backend behind it is a mock; no servers are needed.
/// </summary>
public sealed class TunedOrchestrationServiceTests
{
    private readonly Mock<IOrchestrationService> backend = new();

    public TunedOrchestrationServiceTests()
    {
        this.backend.Setup(b => b.LockNextTaskActivityWorkItem(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new TaskActivityWorkItem { Id = Guid.NewGuid().ToString("N") });
        this.backend.Setup(b => b.LockNextTaskOrchestrationWorkItemAsync(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new TaskOrchestrationWorkItem { InstanceId = Guid.NewGuid().ToString("N") });
    }

    [Fact]
    public void Limits_ToldToTheSidecar_AreNeverReachedSoItsDispatchersNeverSleep()
    {
        var tuned = new TunedOrchestrationService(this.backend.Object, maxActivities: 16, maxOrchestrations: 16);

        Assert.Equal(TunedOrchestrationService.DispatcherLimit, tuned.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal(TunedOrchestrationService.DispatcherLimit, tuned.MaxConcurrentTaskOrchestrationWorkItems);
    }

    [Fact]
    public async Task LockNextTaskActivityWorkItem_AtTheLimit_WaitsAndResumesWhenOneCompletes()
    {
        var tuned = new TunedOrchestrationService(this.backend.Object, maxActivities: 2, maxOrchestrations: 2);
        var first = await tuned.LockNextTaskActivityWorkItem(Timeout.InfiniteTimeSpan, CancellationToken.None);
        await tuned.LockNextTaskActivityWorkItem(Timeout.InfiniteTimeSpan, CancellationToken.None);

        var third = tuned.LockNextTaskActivityWorkItem(Timeout.InfiniteTimeSpan, CancellationToken.None);

        Assert.False(third.IsCompleted);
        this.backend.Verify(b => b.LockNextTaskActivityWorkItem(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
        await tuned.CompleteTaskActivityWorkItemAsync(first, new TaskMessage { Event = new TaskCompletedEvent(-1, 1, "true") });
        Assert.NotNull(await third.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, tuned.ActivitiesHeld);
    }

    [Fact]
    public async Task AbandonTaskActivityWorkItem_AfterAFailedComplete_GivesTheSlotBackOnce()
    {
        var tuned = new TunedOrchestrationService(this.backend.Object, maxActivities: 1, maxOrchestrations: 1);
        this.backend.Setup(b => b.CompleteTaskActivityWorkItemAsync(It.IsAny<TaskActivityWorkItem>(), It.IsAny<TaskMessage>()))
            .ThrowsAsync(new InvalidOperationException("storage down"));
        var item = await tuned.LockNextTaskActivityWorkItem(Timeout.InfiniteTimeSpan, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => tuned.CompleteTaskActivityWorkItemAsync(item, new TaskMessage()));
        Assert.Equal(1, tuned.ActivitiesHeld);
        await tuned.AbandonTaskActivityWorkItemAsync(item);
        await tuned.AbandonTaskActivityWorkItemAsync(item);

        Assert.Equal(0, tuned.ActivitiesHeld);
        await tuned.LockNextTaskActivityWorkItem(Timeout.InfiniteTimeSpan, CancellationToken.None);
        Assert.False(tuned.LockNextTaskActivityWorkItem(Timeout.InfiniteTimeSpan, CancellationToken.None).IsCompleted); // still one slot, not two
    }

    [Fact]
    public async Task LockNextTaskOrchestrationWorkItem_SlotHeldUntilTheSidecarReleasesTheWorkItem()
    {
        var tuned = new TunedOrchestrationService(this.backend.Object, maxActivities: 1, maxOrchestrations: 1);
        var item = await tuned.LockNextTaskOrchestrationWorkItemAsync(Timeout.InfiniteTimeSpan, CancellationToken.None);
        var next = tuned.LockNextTaskOrchestrationWorkItemAsync(Timeout.InfiniteTimeSpan, CancellationToken.None);

        await tuned.AbandonTaskOrchestrationWorkItemAsync(item);
        Assert.False(next.IsCompleted);
        await tuned.ReleaseTaskOrchestrationWorkItemAsync(item);

        Assert.NotNull(await next.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task LockNextTaskActivityWorkItem_NoSlotWithinTheTimeout_ReturnsNullWithoutFetching()
    {
        var tuned = new TunedOrchestrationService(this.backend.Object, maxActivities: 1, maxOrchestrations: 1);
        await tuned.LockNextTaskActivityWorkItem(Timeout.InfiniteTimeSpan, CancellationToken.None);

        var none = await tuned.LockNextTaskActivityWorkItem(TimeSpan.Zero, CancellationToken.None);

        Assert.Null(none);
        this.backend.Verify(b => b.LockNextTaskActivityWorkItem(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task LockNextTaskActivityWorkItem_BackendHasNoWork_GivesTheSlotBack()
    {
        this.backend.Setup(b => b.LockNextTaskActivityWorkItem(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>())).ReturnsAsync((TaskActivityWorkItem)null!);
        var tuned = new TunedOrchestrationService(this.backend.Object, maxActivities: 1, maxOrchestrations: 1);

        Assert.Null(await tuned.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.Null(await tuned.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(1), CancellationToken.None));

        this.backend.Verify(b => b.LockNextTaskActivityWorkItem(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
        Assert.Equal(0, tuned.ActivitiesHeld);
    }
}
