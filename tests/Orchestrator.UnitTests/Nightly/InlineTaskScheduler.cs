namespace Orchestrator.UnitTests.Nightly;

/// <summary>
/// Runs every task it is given at once, on the calling thread, as the Durable Task executor's own scheduler does: an
/// orchestrator's continuations (including those <c>Task.WhenAny</c> queues asynchronously) then run when the test
/// completes a task, so the test can drive the orchestration step by step.
/// </summary>
internal sealed class InlineTaskScheduler : TaskScheduler
{
    public static readonly InlineTaskScheduler Instance = new();

    public override int MaximumConcurrencyLevel => 1;

    protected override void QueueTask(Task task) => this.TryExecuteTask(task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => this.TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => [];
}
