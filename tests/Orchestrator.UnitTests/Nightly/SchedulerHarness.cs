using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;
using Orchestrator.Errors;
using Orchestrator.Exports.Models;
using Orchestrator.Imports.Models;
using Orchestrator.Nightly;
using Orchestrator.Nightly.Activities;
using Orchestrator.Nightly.Models;
using Orchestrator.Runs;

namespace Orchestrator.UnitTests.Nightly;

/// <summary>
/// A mocked <see cref="TaskOrchestrationContext"/> for <see cref="NightlySchedulerOrchestrator"/>: one page of runs
/// from the listing activity, and every run a sub-orchestration whose outcome the test decides (succeed or fail), in
/// any order, while the harness records what was started, what was in flight, the custom statuses, the stored
/// summaries and the continue-as-new input.
/// </summary>
internal sealed class SchedulerHarness
{
    public static readonly DateOnly Night = new(2026, 11, 20);

    private readonly List<StartedRun> started = [];
    private int inFlight;

    public SchedulerHarness(IReadOnlyList<ScheduledRun> runs, int destinations = 0, string? continuationToken = null)
    {
        this.Context.SetupGet(c => c.InstanceId).Returns(NightlySchedulerOrchestrator.InstanceId(Night));
        this.Context.SetupGet(c => c.CurrentUtcDateTime).Returns(new DateTime(2026, 11, 21, 2, 0, 0, DateTimeKind.Utc));
        this.Context.Protected().SetupGet<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
        this.Context.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback<object?>(s => this.Statuses.Add(Assert.IsType<NightProgress>(s)));
        this.Context.Setup(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>())).Callback<object?, bool>((input, _) => this.ContinuedWith = Assert.IsType<NightlyInput>(input));
        this.Context
            .Setup(c => c.CallActivityAsync<ScheduledPage>(It.Is<TaskName>(n => n.Name == nameof(ListScheduledDestinationsActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) =>
            {
                this.Listed.Add(Assert.IsType<ListScheduledInput>(input));
                return Task.FromResult(new ScheduledPage(destinations == 0 ? runs.Select(r => (r.TenantId, r.DestinationId)).Distinct().Count() : destinations, runs, continuationToken));
            });
        this.Context
            .Setup(c => c.CallActivityAsync<IReadOnlyList<string>>(It.Is<TaskName>(n => n.Name == nameof(FindDoneRunsActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) =>
            {
                this.AskedDone.Add(Assert.IsAssignableFrom<IReadOnlyList<ScheduledRun>>(input));
                return Task.FromResult<IReadOnlyList<string>>(this.Done);
            });
        this.Context
            .Setup(c => c.CallActivityAsync<bool>(It.Is<TaskName>(n => n.Name == nameof(RecordNightSummaryActivity)), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) =>
            {
                this.Recorded.Add(Assert.IsType<NightSummary>(input));
                return Task.FromResult(true);
            });
        this.Context
            .Setup(c => c.CallSubOrchestratorAsync<ExportResult>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((name, input, options) => this.Start<ExportResult>(name, input, options));
        this.Context
            .Setup(c => c.CallSubOrchestratorAsync<ImportResult>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((name, input, options) => this.Start<ImportResult>(name, input, options));
    }

    public Mock<TaskOrchestrationContext> Context { get; } = new() { CallBase = true };

    /// <summary>Run ids the run records say are done already.</summary>
    public List<string> Done { get; } = [];

    public List<ListScheduledInput> Listed { get; } = [];

    public List<IReadOnlyList<ScheduledRun>> AskedDone { get; } = [];

    public List<NightProgress> Statuses { get; } = [];

    public List<NightSummary> Recorded { get; } = [];

    public NightlyInput? ContinuedWith { get; private set; }

    /// <summary>The most runs that were in flight at once.</summary>
    public int MaxInFlight { get; private set; }

    public IReadOnlyList<StartedRun> Started => this.started;

    public IEnumerable<string> StartedIds => this.started.Select(s => s.InstanceId);

    public static ScheduledRun Export(int n, string? error = null) =>
        new("tenant-1", $"d{n}", "sessions", $"export:tenant-1:d{n}:sessions:2026-11-20", Night, error);

    public static NightlyInput Input(int maxConcurrentRuns, bool force = false, NightSummary? summary = null) =>
        new(Night, maxConcurrentRuns, 100, null, summary ?? NightSummary.Empty(Night), force);

    /// <summary>Runs the scheduler on <see cref="InlineTaskScheduler"/>, as the durable worker runs orchestrators.</summary>
    public Task<NightSummary> RunAsync(NightlyInput input)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return Task.Factory.StartNew(
                () => new NightlySchedulerOrchestrator().RunAsync(this.Context.Object, input),
                CancellationToken.None,
                TaskCreationOptions.None,
                InlineTaskScheduler.Instance).Unwrap();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    /// <summary>Completes the run with the given id successfully (its continuation runs inline, like a replay).</summary>
    public void Succeed(string runId) => this.Find(runId).Succeed();

    public void Fail(string runId, string reason) => this.Find(runId).Fail(reason);

    /// <summary>Completes the run with the given id with <paramref name="result"/> (an import's outcome).</summary>
    public void Complete(string runId, object result) => this.Find(runId).Complete(result);

    private StartedRun Find(string runId)
    {
        var run = this.started.Single(s => s.InstanceId == runId);
        this.inFlight--;
        return run;
    }

    private Task<T> Start<T>(TaskName name, object? input, TaskOptions? options)
    {
        var done = new TaskCompletionSource<T>();
        var run = new StartedRun(
            name.Name,
            Assert.IsType<SubOrchestrationOptions>(options).InstanceId!,
            input,
            () => done.SetResult(default!),
            reason => done.SetException(new TaskFailedException(name.Name, this.started.Count, new TaskFailureDetails(typeof(PermanentRunException).FullName!, reason, null, null, null))),
            result => done.SetResult((T)result));
        this.started.Add(run);
        this.MaxInFlight = Math.Max(this.MaxInFlight, ++this.inFlight);
        return done.Task;
    }
}
