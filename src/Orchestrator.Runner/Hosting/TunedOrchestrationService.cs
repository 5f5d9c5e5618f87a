using DurableTask.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Orchestrator.Runner.Hosting;

/// <summary>
/// Forwards to a backend but sets how many orchestration and activity work items the sidecar's dispatchers run
/// at once. The in-memory backend ties both to the processor count (2 here), which would serialise a fan-out of
/// part uploads that are I/O-bound, not CPU-bound.
/// </summary>
/// <remarks>
/// The limits are enforced here, not by the sidecar's dispatchers: a dispatcher that holds its maximum of work items
/// sleeps 500 ms before it looks again, so under load (every slot busy with short work items) it ran at most twice its
/// maximum per second, whatever the machine could do: 100 exports and 100 imports started together (about 1,500
/// orchestration turns) took 47 s at 16 + 16, i.e. 32 turns/s; with the limits enforced here, 15-26 s on the same
/// busy machine. The dispatchers are told there is no maximum; <see cref="WorkItemSlots{T}"/> makes the next lock wait
/// until a work item finishes and lets it proceed at that moment. It is also where completed orchestration work items
/// pass through <see cref="SidecarSubOrchestrationRepair"/> before the backend stores them (sub-orchestrations on
/// Azure Storage). The sidecar's dispatchers never renew a lock either: <see cref="ActivityLockRenewal"/> keeps each
/// running activity's lock here, from the moment it is locked until it is completed or abandoned.
/// </remarks>
internal sealed class TunedOrchestrationService(
    IOrchestrationService inner, int maxActivities, int maxOrchestrations, ILogger? logger = null, TimeProvider? clock = null) : IOrchestrationService, IDisposable
{
    private readonly WorkItemSlots<TaskOrchestrationWorkItem> orchestrations = new(maxOrchestrations);
    private readonly WorkItemSlots<TaskActivityWorkItem> activities = new(maxActivities);
    private readonly ActivityLockRenewal activityLocks = new(inner, logger ?? NullLogger.Instance, clock);
    private static readonly TimeSpan LockDoubtPoll = TimeSpan.FromMilliseconds(200);

    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private static readonly TimeSpan DrainPoll = TimeSpan.FromMilliseconds(50);
    private volatile bool draining;

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    /// <summary>What the sidecar's dispatcher sees: no maximum (the limit is <see cref="OrchestrationLimit"/>, enforced here).</summary>
    public int MaxConcurrentTaskOrchestrationWorkItems => int.MaxValue;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    /// <summary>What the sidecar's dispatcher sees: no maximum (the limit is <see cref="ActivityLimit"/>, enforced here).</summary>
    public int MaxConcurrentTaskActivityWorkItems => int.MaxValue;

    public int OrchestrationLimit => this.orchestrations.Limit;

    public int ActivityLimit => this.activities.Limit;

    /// <summary>Orchestration work items locked and not yet released.</summary>
    public int OrchestrationsInFlight => this.orchestrations.InFlight;

    /// <summary>Activity work items locked and not yet completed or abandoned.</summary>
    public int ActivitiesInFlight => this.activities.InFlight;

    /// <summary>Activity locks renewed so far (only backends whose locks expire: Azure Storage).</summary>
    public long ActivityLockRenewals => this.activityLocks.Renewals;

    public Task StartAsync() => inner.StartAsync();

    /// <summary>
    /// Completes once the sidecar has stopped its dispatchers and then this service (its last step of stopping). The
    /// sidecar starts that from its own ApplicationStopping callback without the host waiting for it, so
    /// <see cref="RunnerHost"/> waits here before the host goes on to dispose what the dispatchers use.
    /// </summary>
    public Task Stopped => this.stopped.Task;

    /// <summary>
    /// Stops handing out work items and waits (up to <paramref name="timeout"/>) until every work item already handed
    /// out is finished; true when none is left. The sidecar's dispatchers are stopped from an ApplicationStopping
    /// callback that does not tolerate outstanding work items (a still-running one ends in an unhandled
    /// TaskCanceledException that kills the process), and an orchestration a test or a run left in the background (a
    /// tenant's counts keeper) may be mid-turn when the host stops: <see cref="RunnerHost"/> drains first, while the
    /// worker still runs. Work not yet handed out stays in the backend (resumed by the next host on Azure Storage).
    /// </summary>
    public async Task<bool> DrainAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        this.draining = true;
        var deadline = DateTime.UtcNow + timeout;
        while (this.orchestrations.InFlight + this.activities.InFlight > 0)
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(DrainPoll, cancellationToken);
        }

        return true;
    }

    public async Task StopAsync()
    {
        try
        {
            await inner.StopAsync();
        }
        finally
        {
            this.stopped.TrySetResult();
        }
    }

    public async Task StopAsync(bool isForced)
    {
        try
        {
            await inner.StopAsync(isForced);
        }
        finally
        {
            this.stopped.TrySetResult();
        }
    }

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        if (this.draining)
        {
            await Task.Delay(receiveTimeout, cancellationToken);
            return null!;
        }

        return (await this.orchestrations.LockAsync(() => inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken)!, cancellationToken))!;
    }

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        SidecarSubOrchestrationRepair.Apply(newOrchestrationRuntimeState, orchestratorMessages);
        return inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    }

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    /// <summary>The dispatcher releases every work item it locked, after completing or abandoning it: the slot is freed here.</summary>
    public async Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        try
        {
            await inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
        }
        finally
        {
            this.orchestrations.Free(workItem);
        }
    }

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        if (this.draining)
        {
            await Task.Delay(receiveTimeout, cancellationToken);
            return null!;
        }

        if (!await this.WaitWhileLocksInDoubtAsync(receiveTimeout, cancellationToken))
        {
            // Dequeuing now could take the very message of an activity still running here (see ActivityLockRenewal).
            return null!;
        }

        var workItem = await this.activities.LockAsync(() => inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken)!, cancellationToken);
        if (workItem is not null)
        {
            this.activityLocks.Start(workItem);
        }

        return workItem!;
    }

    /// <summary>Waits (up to <paramref name="receiveTimeout"/>) until no running activity's lock is in doubt; false if one still is.</summary>
    private async Task<bool> WaitWhileLocksInDoubtAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var deadline = receiveTimeout == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + receiveTimeout;
        while (this.activityLocks.InDoubt)
        {
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(LockDoubtPoll, cancellationToken);
        }

        return true;
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    /// <summary>An activity work item is done when it is completed or abandoned (the dispatcher has no release for them).</summary>
    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        try
        {
            await this.activityLocks.StopAsync(workItem);
            await inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
        }
        finally
        {
            this.activities.Free(workItem);
        }
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        try
        {
            await this.activityLocks.StopAsync(workItem);
            await inner.AbandonTaskActivityWorkItemAsync(workItem);
        }
        finally
        {
            this.activities.Free(workItem);
        }
    }

    public void Dispose()
    {
        this.activityLocks.Dispose();
        this.orchestrations.Dispose();
        this.activities.Dispose();
    }
}
