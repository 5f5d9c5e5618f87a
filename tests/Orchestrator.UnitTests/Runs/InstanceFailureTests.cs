using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Orchestrator.Runs;

namespace Orchestrator.UnitTests.Runs;

public sealed class InstanceFailureTests
{
    private const string Reason = "UploadPart on 'k' in bucket 'b' failed: AccessDenied (403): Access denied.";

    [Fact]
    public void MessageOf_FailureDetailsReported_ReturnsTheirMessage()
    {
        var metadata = new OrchestrationMetadata("ExportOrchestrator", "run")
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Failed,
            FailureDetails = new TaskFailureDetails("Orchestrator.Runs.PermanentRunException", Reason, null, null, null),
        };

        Assert.Equal(Reason, InstanceFailure.MessageOf(metadata));
        Assert.False(InstanceFailure.OutputIsFailure(metadata));
    }

    [Theory]
    [InlineData(Reason)]
    [InlineData("\"" + Reason + "\"")]
    public void MessageOf_FailedWithOnlyTheOutput_ReturnsTheOutputAsTheMessage(string output)
    {
        // What the Azure Storage backend reports for a failed instance.
        var metadata = new OrchestrationMetadata("ExportOrchestrator", "run") { RuntimeStatus = OrchestrationRuntimeStatus.Failed, SerializedOutput = output };

        Assert.Equal(Reason, InstanceFailure.MessageOf(metadata));
        Assert.True(InstanceFailure.OutputIsFailure(metadata));
    }

    [Fact]
    public void MessageOf_Terminated_ReturnsTheTerminationReason()
    {
        var metadata = new OrchestrationMetadata("ExportOrchestrator", "run") { RuntimeStatus = OrchestrationRuntimeStatus.Terminated, SerializedOutput = "\"Cancelled by an operator.\"" };

        Assert.Equal("Cancelled by an operator.", InstanceFailure.MessageOf(metadata));
        Assert.True(InstanceFailure.OutputIsFailure(metadata));
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Completed)]
    [InlineData(OrchestrationRuntimeStatus.Running)]
    public void MessageOf_NotFailed_ReturnsNull(OrchestrationRuntimeStatus status)
    {
        var metadata = new OrchestrationMetadata("ExportOrchestrator", "run") { RuntimeStatus = status, SerializedOutput = """{"bytes":1}""" };

        Assert.Null(InstanceFailure.MessageOf(metadata));
        Assert.False(InstanceFailure.OutputIsFailure(metadata));
    }

    [Fact]
    public void ResultOf_FailedWithDetailsAndTheMessageAsOutput_IsNull()
    {
        // The sidecar may report both: the failure message is the run's error, never its result.
        var metadata = new OrchestrationMetadata("ExportOrchestrator", "run")
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Failed,
            FailureDetails = new TaskFailureDetails("Orchestrator.Runs.PermanentRunException", Reason, null, null, null),
            SerializedOutput = "\"" + Reason + "\"",
        };

        Assert.Null(InstanceFailure.ResultOf(metadata));
        Assert.Equal(Reason, InstanceFailure.MessageOf(metadata));
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Terminated, null)]
    [InlineData(OrchestrationRuntimeStatus.Running, null)]
    [InlineData(OrchestrationRuntimeStatus.Completed, """{"bytes":1}""")]
    public void ResultOf_ByRuntimeStatus_OnlyACompletedInstanceHasOne(OrchestrationRuntimeStatus status, string? expected)
    {
        var metadata = new OrchestrationMetadata("ExportOrchestrator", "run") { RuntimeStatus = status, SerializedOutput = """{"bytes":1}""" };

        Assert.Equal(expected, InstanceFailure.ResultOf(metadata));
    }
}
