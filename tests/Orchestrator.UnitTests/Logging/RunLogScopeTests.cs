using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Orchestrator.Exports.Models;
using Orchestrator.Logging;
using Orchestrator.Nightly.Models;

namespace Orchestrator.UnitTests.Logging;

public sealed class RunLogScopeTests
{
    private static readonly ExportRequest Request = new("acme", "s3-main", "sessions", new DateOnly(2026, 11, 24));

    private static readonly Orchestrator.Domain.Destination Snapshot = new() { TenantId = "acme", DestinationId = "s3-main", Bucket = "bucket", Region = "us-east-1" };

    [Fact]
    public async Task Activity_InputNamesADestination_EveryLineCarriesRunTenantAndDestination()
    {
        using var provider = new ScopeRecordingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider));
        var input = new AbortExportInput(Request, Snapshot, "bucket", "key", "upload-1");
        var activity = new LogScopedActivity(new LoggingActivity(factory.CreateLogger("inner")), factory.CreateLogger("scope"));

        await activity.RunAsync(ActivityContext("export:acme:s3-main:sessions:2026-11-24", "AbortExportActivity"), input);

        var (message, scope) = Assert.Single(provider.Lines);
        Assert.Equal("working on upload-1", message);
        Assert.Equal("export:acme:s3-main:sessions:2026-11-24", scope["RunId"]);
        Assert.Equal("AbortExportActivity", scope["Task"]);
        Assert.Equal("acme", scope["TenantId"]);
        Assert.Equal("s3-main", scope["DestinationId"]);
    }

    [Fact]
    public async Task Activity_InputWithoutDestination_LinesCarryTheRunAndNoDestination()
    {
        using var provider = new ScopeRecordingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider));
        var activity = new LogScopedActivity(new LoggingActivity(factory.CreateLogger("inner")), factory.CreateLogger("scope"));

        await activity.RunAsync(ActivityContext("nightly:2026-11-24", "ListScheduledDestinationsActivity"), new ListScheduledInput(new DateOnly(2026, 11, 24), null, 50));

        var (_, scope) = Assert.Single(provider.Lines);
        Assert.Equal("nightly:2026-11-24", scope["RunId"]);
        Assert.Equal(RunLogScope.None, scope["TenantId"]);
        Assert.Equal(RunLogScope.None, scope["DestinationId"]);
    }

    [Fact]
    public async Task Activity_AfterItReturns_TheScopeIsClosed()
    {
        using var provider = new ScopeRecordingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider));
        var logger = factory.CreateLogger("after");
        var activity = new LogScopedActivity(new LoggingActivity(factory.CreateLogger("inner")), factory.CreateLogger("scope"));

        await activity.RunAsync(ActivityContext("run-1", "AbortExportActivity"), new AbortExportInput(Request, Snapshot, "b", "k", "u"));
        logger.Log(LogLevel.Information, new EventId(2), "outside", null, (state, _) => state);

        Assert.Empty(provider.Lines.Last().Scope);
    }

    [Fact]
    public void WrapperInputs_SerializeWithoutTheScopeProperties()
    {
        string json = System.Text.Json.JsonSerializer.Serialize(new AbortExportInput(Request, Snapshot, "b", "k", "u"));

        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(["Request", "Destination", "Bucket", "ObjectKey", "UploadId"], document.RootElement.EnumerateObject().Select(p => p.Name));
    }

    private static TaskActivityContext ActivityContext(string instanceId, string name)
    {
        var context = new Moq.Mock<TaskActivityContext>();
        context.SetupGet(c => c.InstanceId).Returns(instanceId);
        context.SetupGet(c => c.Name).Returns(new TaskName(name));
        return context.Object;
    }

    private sealed class LoggingActivity(ILogger logger) : TaskActivity<object, bool>
    {
        private static readonly Action<ILogger, string, Exception?> Working =
            LoggerMessage.Define<string>(LogLevel.Information, new EventId(1), "working on {UploadId}");

        public override Task<bool> RunAsync(TaskActivityContext context, object input)
        {
            Working(logger, input is AbortExportInput a ? a.UploadId : "-", null);
            return Task.FromResult(true);
        }
    }
}
