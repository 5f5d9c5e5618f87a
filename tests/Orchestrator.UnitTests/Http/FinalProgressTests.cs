using System.Text.Json;
using Microsoft.DurableTask.Client;
using Orchestrator.Http;

namespace Orchestrator.UnitTests.Http;

public sealed class FinalProgressTests
{
    private static readonly JsonElement Uploading = JsonDocument.Parse("""{"phase":"uploading","partsDone":6,"partCount":13}""").RootElement;

    [Fact]
    public void Of_TerminatedWhileUploading_PhaseSaysTerminatedAndCountsStay()
    {
        var progress = FinalProgress.Of(Uploading, OrchestrationRuntimeStatus.Terminated)!.Value;

        Assert.Equal("terminated", progress.GetProperty("phase").GetString());
        Assert.Equal(6, progress.GetProperty("partsDone").GetInt32());
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Completed)]
    public void Of_RunningOrCompleted_Unchanged(OrchestrationRuntimeStatus status) =>
        Assert.Equal("uploading", FinalProgress.Of(Uploading, status)!.Value.GetProperty("phase").GetString());
}
