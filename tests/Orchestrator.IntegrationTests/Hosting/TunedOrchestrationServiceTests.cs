using DurableTask.Core;
using DurableTask.Core.History;
using Microsoft.DurableTask.Testing.Sidecar;
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
