using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask.Testing.Sidecar;
using Moq;
using Orchestrator.Runner.Hosting;
using Xunit;

namespace Orchestrator.IntegrationTests.Hosting;

/// <summary>
/// The runner's concurrency limits over the real in-memory backend: the sidecar's dispatchers are told there is no
/// maximum (their own limit polls every 500 ms once reached, which throttled the load test to 2 x limit work items
/// per second), and the limit holds anyway: a lock waits for a free slot and gets one the moment a work item is done.
/// </summary>
public sealed class TunedOrchestrationServiceTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task LockNextActivity_LimitReached_WaitsForACompletionAndNeverFreesASlotTwice()
    {
        var inner = new InMemoryOrchestrationService();
        using var tuned = new TunedOrchestrationService(inner, maxActivities: 2, maxOrchestrations: 4);
        await ScheduleActivitiesAsync(inner, tuned, "activities", count: 3);

        var first = await tuned.LockNextTaskActivityWorkItem(Timeout.InfiniteTimeSpan, CancellationToken.None).WaitAsync(Generous);
        var second = await tuned.LockNextTaskActivityWorkItem(Timeout.InfiniteTimeSpan, CancellationToken.None).WaitAsync(Generous);
        var third = tuned.LockNextTaskActivityWorkItem(Timeout.InfiniteTimeSpan, CancellationToken.None);
        await Task.WhenAny(third, Task.Delay(300));

        Assert.Equal(int.MaxValue, tuned.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal(2, tuned.ActivityLimit);
        Assert.False(third.IsCompleted, "a third activity was locked while two were in flight");
        Assert.Equal(2, tuned.ActivitiesInFlight);

        await tuned.CompleteTaskActivityWorkItemAsync(first, Response(first));
        var locked = await third.WaitAsync(Generous);
        Assert.Equal(2, tuned.ActivitiesInFlight);

        // The dispatcher abandons a work item whose completion failed: the same item reported again frees nothing.
        // (Abandoning puts its message back in the queue, so a second free slot would be taken at once.)
        await tuned.AbandonTaskActivityWorkItemAsync(first);
        var fourth = tuned.LockNextTaskActivityWorkItem(Timeout.InfiniteTimeSpan, CancellationToken.None);
        await Task.WhenAny(fourth, Task.Delay(300));
        Assert.False(fourth.IsCompleted, "a slot was freed twice");

        await tuned.AbandonTaskActivityWorkItemAsync(second);
        await fourth.WaitAsync(Generous);
        Assert.NotSame(locked, await fourth);
        Assert.Equal(2, tuned.ActivitiesInFlight);
    }

    [Fact]
    public async Task LockNextOrchestration_LimitReached_WaitsUntilTheWorkItemIsReleased()
    {
        var inner = new InMemoryOrchestrationService();
        using var tuned = new TunedOrchestrationService(inner, maxActivities: 4, maxOrchestrations: 1);
        await StartAsync(inner, "a");
        await StartAsync(inner, "b");

        var a = await tuned.LockNextTaskOrchestrationWorkItemAsync(Timeout.InfiniteTimeSpan, CancellationToken.None).WaitAsync(Generous);
        var b = tuned.LockNextTaskOrchestrationWorkItemAsync(Timeout.InfiniteTimeSpan, CancellationToken.None);
        await Task.WhenAny(b, Task.Delay(300));

        Assert.Equal(int.MaxValue, tuned.MaxConcurrentTaskOrchestrationWorkItems);
        Assert.False(b.IsCompleted, "a second orchestration was locked while one was in flight");
        await tuned.AbandonTaskOrchestrationWorkItemAsync(a);
        await Task.WhenAny(b, Task.Delay(300));
        Assert.False(b.IsCompleted, "abandoning is not the end of a work item: the dispatcher releases it afterwards");

        await tuned.ReleaseTaskOrchestrationWorkItemAsync(a);
        var locked = await b.WaitAsync(Generous);
        Assert.Equal(1, tuned.OrchestrationsInFlight);
        Assert.Equal(a.InstanceId == "a" ? "b" : "a", locked.InstanceId);
    }

    [Fact]
    public async Task CompleteActivity_AfterTheServiceWasDisposedAtShutdown_CompletesWithoutError()
    {
        var inner = new InMemoryOrchestrationService();
        var tuned = new TunedOrchestrationService(inner, maxActivities: 1, maxOrchestrations: 1);
        await ScheduleActivitiesAsync(inner, tuned, "late", count: 1);
        var activity = await tuned.LockNextTaskActivityWorkItem(Timeout.InfiniteTimeSpan, CancellationToken.None).WaitAsync(Generous);

        tuned.Dispose();
        await tuned.CompleteTaskActivityWorkItemAsync(activity, Response(activity));

        Assert.Equal(0, tuned.ActivitiesInFlight);
    }

    [Fact]
    public async Task LockNextActivity_WhileARunningActivitysRenewalFails_IsHeldBackUntilTheLockIsRenewed()
    {
        // A storage outage: the running activity's renewals fail, its message may become visible again, and taking it
        // here would strand the running work item (the backend drops the delivery as a duplicate and the pop receipt
        // changes under the running one). New activity locks wait until the renewal succeeds again.
        var running = new TaskActivityWorkItem { Id = "running", LockedUntilUtc = DateTime.UtcNow.AddSeconds(1) };
        var next = new TaskActivityWorkItem { Id = "next", LockedUntilUtc = DateTime.UtcNow.AddMinutes(5) };
        var storageUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = new Mock<IOrchestrationService>(MockBehavior.Strict);
        inner.SetupSequence(s => s.LockNextTaskActivityWorkItem(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(running)
            .ReturnsAsync(next);
        inner.Setup(s => s.RenewTaskActivityWorkItemLockAsync(running)).Returns(() => storageUp.Task.IsCompleted
            ? Task.FromResult(new TaskActivityWorkItem { Id = "running", LockedUntilUtc = DateTime.UtcNow.AddMinutes(5) })
            : Fail());
        using var tuned = new TunedOrchestrationService(inner.Object, maxActivities: 4, maxOrchestrations: 1);

        Assert.Same(running, await tuned.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(1), CancellationToken.None).WaitAsync(Generous));
        await failed.Task.WaitAsync(Generous);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await tuned.LockNextTaskActivityWorkItem(TimeSpan.FromMilliseconds(300), CancellationToken.None).WaitAsync(Generous) is null)
        {
            // Held back (null: nothing locked) for as long as the renewal fails; the storage comes back after a few tries.
            if (clock.Elapsed > TimeSpan.FromSeconds(3))
            {
                storageUp.TrySetResult();
            }

            Assert.True(clock.Elapsed < Generous, "the lock in doubt was never renewed");
        }

        Assert.True(storageUp.Task.IsCompleted, "an activity was locked while the running one's renewal was failing");
        inner.Verify(s => s.LockNextTaskActivityWorkItem(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()), Times.Exactly(2));

        Task<TaskActivityWorkItem> Fail()
        {
            failed.TrySetResult();
            return Task.FromException<TaskActivityWorkItem>(new IOException("storage is down"));
        }
    }

    [Fact]
    public async Task CompleteActivity_WhileARenewalFailsInFlight_StillCompletes()
    {
        // Before: the failure of the renewal in flight was thrown out of the completion, which never reached the backend.
        var workItem = new TaskActivityWorkItem { Id = "a", LockedUntilUtc = DateTime.UtcNow.AddMilliseconds(200) };
        var renewing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failRenewal = new TaskCompletionSource<TaskActivityWorkItem>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = new Mock<IOrchestrationService>(MockBehavior.Strict);
        inner.Setup(s => s.LockNextTaskActivityWorkItem(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>())).ReturnsAsync(workItem);
        inner.Setup(s => s.RenewTaskActivityWorkItemLockAsync(workItem)).Returns(() =>
        {
            renewing.TrySetResult();
            return failRenewal.Task;
        });
        inner.Setup(s => s.CompleteTaskActivityWorkItemAsync(workItem, It.IsAny<TaskMessage>())).Returns(Task.CompletedTask);
        using var tuned = new TunedOrchestrationService(inner.Object, maxActivities: 1, maxOrchestrations: 1);
        await tuned.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(1), CancellationToken.None).WaitAsync(Generous);
        await renewing.Task.WaitAsync(Generous);

        var completing = tuned.CompleteTaskActivityWorkItemAsync(workItem, new TaskMessage());
        failRenewal.SetException(new IOException("storage is down"));
        await completing.WaitAsync(Generous);

        inner.Verify(s => s.CompleteTaskActivityWorkItemAsync(workItem, It.IsAny<TaskMessage>()), Times.Once);
        Assert.Equal(0, tuned.ActivitiesInFlight);
    }

    private static Task StartAsync(InMemoryOrchestrationService inner, string instanceId)
    {
        var instance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = instanceId + "-1" };
        return inner.CreateTaskOrchestrationAsync(new TaskMessage
        {
            OrchestrationInstance = instance,
            Event = new ExecutionStartedEvent(-1, "null") { Name = "Probe", OrchestrationInstance = instance },
        });
    }

    /// <summary>Runs one orchestration turn, as the sidecar's dispatcher does, that schedules <paramref name="count"/> activities.</summary>
    private static async Task ScheduleActivitiesAsync(InMemoryOrchestrationService inner, TunedOrchestrationService tuned, string instanceId, int count)
    {
        await StartAsync(inner, instanceId);
        var workItem = await tuned.LockNextTaskOrchestrationWorkItemAsync(Timeout.InfiniteTimeSpan, CancellationToken.None).WaitAsync(Generous);
        var state = workItem.OrchestrationRuntimeState;
        state.AddEvent(new OrchestratorStartedEvent(-1));
        foreach (var message in workItem.NewMessages)
        {
            state.AddEvent(message.Event);
        }

        var scheduled = Enumerable.Range(0, count)
            .Select(i => new TaskMessage { OrchestrationInstance = state.OrchestrationInstance, Event = new TaskScheduledEvent(i, "ProbeActivity") })
            .ToList();
        foreach (var message in scheduled)
        {
            state.AddEvent(message.Event);
        }

        var status = new OrchestrationState
        {
            OrchestrationInstance = state.OrchestrationInstance,
            Name = state.Name,
            OrchestrationStatus = OrchestrationStatus.Running,
            CreatedTime = state.CreatedTime,
            LastUpdatedTime = state.CreatedTime,
        };
        await tuned.CompleteTaskOrchestrationWorkItemAsync(workItem, state, scheduled, [], [], null!, status);
        await tuned.ReleaseTaskOrchestrationWorkItemAsync(workItem);
    }

    private static TaskMessage Response(TaskActivityWorkItem workItem) => new()
    {
        OrchestrationInstance = workItem.TaskMessage.OrchestrationInstance,
        Event = new TaskCompletedEvent(-1, workItem.TaskMessage.Event.EventId, "null"),
    };
}
