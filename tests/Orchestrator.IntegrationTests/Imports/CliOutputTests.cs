using System.Text.Json;
using Microsoft.DurableTask.Client;
using Orchestrator.Imports.Models;
using Orchestrator.Runner.Cli;
using Orchestrator.Runs;
using Xunit;

namespace Orchestrator.IntegrationTests.Imports;

/// <summary>The CLI says how a run ended, as the run record does: a partial import is not "completed" with exit code 0.</summary>
public sealed class CliOutputTests
{
    [Theory]
    [InlineData(RunStatus.Succeeded, "completed.", 0)]
    [InlineData(RunStatus.PartiallySucceeded, "partially succeeded.", CliOutput.PartialExitCode)]
    public void Report_CompletedImport_SaysItsStatusAndExitsByIt(RunStatus status, string said, int exitCode)
    {
        var result = new ImportResult("import:t:d:attributes:2026-11-24", 2, 1, 0, 1, 5, 0, 10, "report.csv", status, status == RunStatus.Succeeded ? null : "1 of 2 files failed");
        var metadata = new OrchestrationMetadata("ImportOrchestrator", result.RunId)
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Completed,
            SerializedOutput = JsonSerializer.Serialize(result), // as the durable data converter writes it
        };
        using var output = new StringWriter();

        int code = CliOutput.Report(metadata, output);

        Assert.Equal(exitCode, code);
        Assert.StartsWith($"Run {result.RunId} {said}", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_FailedRun_PrintsTheErrorAndExitsWithOne()
    {
        var metadata = new OrchestrationMetadata("ImportOrchestrator", "import:t:d:attributes:2026-11-24")
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Failed,
            SerializedOutput = "\"No file could be imported: 2 of 2 failed.\"",
        };
        using var output = new StringWriter();

        Assert.Equal(1, CliOutput.Report(metadata, output));
        Assert.Contains("Failed: No file could be imported", output.ToString(), StringComparison.Ordinal);
    }
}
