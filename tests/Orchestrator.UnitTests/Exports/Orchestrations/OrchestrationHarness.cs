using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;
using Orchestrator.Domain;
using Orchestrator.Errors;
using Orchestrator.Destinations.Activities;
using Orchestrator.Exports.Activities;
using Orchestrator.Exports.Models;
using Orchestrator.Exports.Orchestrations;
using Orchestrator.Runs;
using Orchestrator.Runs.Activities;

namespace Orchestrator.UnitTests.Exports.Orchestrations;

/// <summary>
/// A mocked <see cref="TaskOrchestrationContext"/> that records every activity call (name and input, in order) and
/// every custom status, with per-activity behaviour supplied by the test.
/// </summary>
internal sealed class OrchestrationHarness
{
    public const string InstanceId = "export:tenant-1:dest-1:insights:2025-03-07";

    public static readonly DateTime Now = new(2025, 3, 8, 1, 30, 0, DateTimeKind.Utc);

    public const long PartBytes = 100;

    /// <summary>Four whole parts and a shorter last one.</summary>
    public const long SourceLength = (4 * PartBytes) + 37;

    public static readonly ExportRequest Request = new("tenant-1", "dest-1", "insights", new DateOnly(2025, 3, 7));

    /// <summary>The destination snapshot the run reads once at its start.</summary>
    public static readonly Destination Destination = new()
    {
        TenantId = "tenant-1",
        DestinationId = "dest-1",
        Bucket = "bucket-1",
        Region = "eu-west-1",
        BucketPath = "exports",
        AuthMethod = AuthMethod.AccessKey,
        AccessKeyId = "AKIAEXAMPLE0000000",
        SecretName = "dest-tenant-1-dest-1-0000",
        SecretVersion = "v1",
    };

    public static readonly ExportPlan Plan = new(
        "bucket-1",
        "exports/insights/2025/03/07/insights_2025-03-07.csv",
        "exports/insights/2025/03/07/_manifest.json",
        "upload-1",
        SourceLength,
        PartBytes,
        PartCount: 5,
        MaxParallelParts: 2,
        ExportCompression.None,
        ["event_date", "user_id"]);

    public static readonly CompletedObject Published = new(Plan.Bucket, Plan.ObjectKey, SourceLength, "AAAAAA==", 4, "\"abc-5\"");

    private readonly List<(string Name, object? Input)> calls = [];
    private readonly List<ExportProgress> statuses = [];

    public OrchestrationHarness()
    {
        this.Context.SetupGet(c => c.InstanceId).Returns(InstanceId);
        this.Context.SetupGet(c => c.CurrentUtcDateTime).Returns(Now);
        this.Context.Protected().SetupGet<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
        this.Context.Setup(c => c.SetCustomStatus(It.IsAny<object?>()))
            .Callback<object?>(status =>
            {
                lock (this.statuses)
                {
                    this.statuses.Add(Assert.IsType<ExportProgress>(status));
                }
            });
    }

    public Mock<TaskOrchestrationContext> Context { get; } = new() { CallBase = true };

    public IReadOnlyList<(string Name, object? Input)> Calls
    {
        get
        {
            lock (this.calls)
            {
                return [.. this.calls];
            }
        }
    }

    public IReadOnlyList<ExportProgress> Statuses
    {
        get
        {
            lock (this.statuses)
            {
                return [.. this.statuses];
            }
        }
    }

    /// <summary>A harness whose activities all succeed: validation, <see cref="Plan"/>, parts, completion, manifest.</summary>
    public static OrchestrationHarness WithSuccessfulActivities()
    {
        var harness = new OrchestrationHarness();
        harness.OnActivity(nameof(RecordRunActivity), true);
        harness.OnActivity(nameof(ReadDestinationActivity), Destination);
        harness.OnActivity(nameof(BeginExportActivity), Plan);
        harness.OnActivity(nameof(CompleteExportActivity), Published);
        harness.OnActivity(nameof(WriteManifestActivity), new WrittenObject(Plan.ManifestKey, "\"manifest-etag\""));
        harness.OnActivity(nameof(AbortExportActivity), true);
        harness.OnActivity(nameof(UploadPartActivity), input => Task.FromResult(Uploaded(Assert.IsType<UploadPartInput>(input))));
        return harness;
    }

    public static PartResult Uploaded(UploadPartInput part) =>
        new(part.PartNumber, $"\"etag-{part.PartNumber}\"", part.SourceLength, (uint)part.PartNumber, new PartLines(part.PartNumber == 1 ? 1 : 0, 0, false), part.IsLastPart);

    public static TaskFailedException Failed<TException>(string activity, string message)
        where TException : Exception =>
        new(activity, 1, new TaskFailureDetails(typeof(TException).FullName!, message, null, null, null));

    public IEnumerable<T> InputsOf<T>(string activity) =>
        this.Calls.Where(c => c.Name == activity).Select(c => Assert.IsType<T>(c.Input));

    /// <summary>Answers <c>CallActivityAsync&lt;T&gt;</c> for <paramref name="activity"/> with <paramref name="behaviour"/>.</summary>
    public void OnActivity<T>(string activity, Func<object?, Task<T>> behaviour)
    {
        this.Context
            .Setup(c => c.CallActivityAsync<T>(It.Is<TaskName>(n => n.Name == activity), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns<TaskName, object?, TaskOptions?>((_, input, _) =>
            {
                lock (this.calls)
                {
                    this.calls.Add((activity, input));
                }

                return behaviour(input);
            });
    }

    public void OnActivity<T>(string activity, T result) => this.OnActivity(activity, _ => Task.FromResult(result));

    public void OnActivityFails<T>(string activity, string message)
        where T : notnull =>
        this.OnActivity<T>(activity, _ => Task.FromException<T>(Failed<PermanentRunException>(activity, message)));

    /// <summary>
    /// Runs the orchestrator without a synchronization context, as the durable worker does: continuations of the
    /// activity tasks the test completes then run inline, so the test can drive the orchestration step by step.
    /// </summary>
    public Task<ExportResult> RunAsync()
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return new ExportOrchestrator().RunAsync(this.Context.Object, Request);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }
}
