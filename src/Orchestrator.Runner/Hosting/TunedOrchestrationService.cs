using DurableTask.Core;

namespace Orchestrator.Runner.Hosting;

/// <summary>
/// Forwards to a backend but decides how many orchestration and activity work items run at once. The in-memory
/// backend ties both to the processor count (2 here), which would serialise a fan-out of part uploads that are
/// I/O-bound, not CPU-bound. The limits are enforced here (<see cref="WorkItemSlots"/>) rather than by the sidecar's
/// dispatchers, which, once at their maximum, look again only every 500 ms (InProcessTestHost 0.2.3-preview.1): with
/// a night's runs keeping the runner at its limit that left slots idle for most of each run. The dispatchers are
/// therefore told a limit they never reach, and a fetch waits here for a slot and resumes as soon as one is free.
/// It is also where completed orchestration work items pass through <see cref="SidecarSubOrchestrationRepair"/>
/// before the backend stores them (sub-orchestrations on Azure Storage).
/// </summary>
internal sealed class TunedOrchestrationService(IOrchestrationService inner, int maxActivities, int maxOrchestrations) : IOrchestrationService
{
    /// <summary>What the sidecar's dispatchers are told: above any real limit, so they never sleep at it.</summary>
    internal const int DispatcherLimit = 100_000;

    private readonly WorkItemSlots activities = new(maxActivities);
    private readonly WorkItemSlots orchestrations = new(maxOrchestrations);

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => DispatcherLimit;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => DispatcherLimit;

    /// <summary>Activity work items held now (for tests).</summary>
    internal int ActivitiesHeld => this.activities.Held;

    /// <summary>Orchestration work items held now (for tests).</summary>
    internal int OrchestrationsHeld => this.orchestrations.Held;

    public Task StartAsync() => inner.StartAsync();

    public Task StopAsync() => inner.StopAsync();

    public Task StopAsync(bool isForced) => inner.StopAsync(isForced);

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        (await this.orchestrations.TakeAsync<TaskOrchestrationWorkItem>(
            () => inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken), receiveTimeout, cancellationToken))!;

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

    /// <summary>The sidecar releases every orchestration work item it fetched, last (after completing or abandoning it).</summary>
    public async Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        try
        {
            await inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
        }
        finally
        {
            this.orchestrations.Return(workItem);
        }
    }

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        (await this.activities.TakeAsync<TaskActivityWorkItem>(
            () => inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken), receiveTimeout, cancellationToken))!;

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    /// <summary>An activity work item ends completed or, when that fails, abandoned: either gives its slot back (once).</summary>
    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        await inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
        this.activities.Return(workItem);
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        try
        {
            await inner.AbandonTaskActivityWorkItemAsync(workItem);
        }
        finally
        {
            this.activities.Return(workItem);
        }
    }
}
