using Orchestrator.Exports.Models;
using Orchestrator.Runner.Cli;
using Xunit;

namespace Orchestrator.IntegrationTests.Cli;

/// <summary>What the CLI prints: progress lines and JSON, as a person reads them.</summary>
public sealed class CliOutputTests
{
    [Fact]
    public void ProgressFormat_BeforeThePlan_ShowsThePhaseWithoutEmptyCounts()
    {
        string line = ProgressPrinter.Format(new ExportProgress("validating", 0, 0, 0, 0));

        Assert.EndsWith("0.0%  validating", line, StringComparison.Ordinal);
        Assert.DoesNotContain("0/0", line, StringComparison.Ordinal);
        Assert.DoesNotContain("MiB", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ProgressFormat_Uploading_ShowsPartsAndMiB()
    {
        string line = ProgressPrinter.Format(new ExportProgress("uploading", 1, 4, 8 * 1048576L, 32 * 1048576L));

        Assert.EndsWith(" 25.0%  uploading  parts 1/4  8.0/32.0 MiB", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Draw_NotATerminal_FirstLineHasNoEmptyCounts()
    {
        using var output = new StringWriter();
        var printer = new ProgressPrinter(output);

        printer.Draw("""{"phase":"validating","partsDone":0,"partsTotal":0,"bytesDone":0,"bytesTotal":0}""");
        printer.Draw("""{"phase":"uploading","partsDone":0,"partsTotal":2,"bytesDone":0,"bytesTotal":16777216}""");

        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.DoesNotContain("0/0", lines[0], StringComparison.Ordinal);
        Assert.Contains("parts 0/2  0.0/16.0 MiB", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Pretty_TimestampWithOffset_KeepsThePlusSign()
    {
        string json = """{"createdAt":"2026-11-24T10:00:00.5+00:00","note":"a < b & c"}""";

        string pretty = CliJson.Pretty(json);

        Assert.Contains("\"2026-11-24T10:00:00.5+00:00\"", pretty, StringComparison.Ordinal);
        Assert.Contains("a < b & c", pretty, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u002B", pretty, StringComparison.Ordinal);
    }

    [Fact]
    public void Pretty_NotJson_ReturnsTheTextAsIs()
    {
        Assert.Equal("<html>Bad gateway</html>", CliJson.Pretty("<html>Bad gateway</html>"));
    }
}
