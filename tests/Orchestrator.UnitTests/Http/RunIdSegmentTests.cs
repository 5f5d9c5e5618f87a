using Orchestrator.Http;

namespace Orchestrator.UnitTests.Http;

public sealed class RunIdSegmentTests
{
    [Fact]
    public void Escape_ExportRunId_KeepsColonsAsTheReadmeShows()
    {
        Assert.Equal("export:acme:s3-main:sessions:2026-11-24", RunIdSegment.Escape("export:acme:s3-main:sessions:2026-11-24"));
    }

    [Fact]
    public void Escape_ImportRunIdWithSlashAndSpace_EncodesEverythingButColons()
    {
        string segment = RunIdSegment.Escape("import:acme:s3-main:2026-11-24:my files/attributes/");

        Assert.Equal("import:acme:s3-main:2026-11-24:my%20files%2Fattributes%2F", segment);
        Assert.Equal("import:acme:s3-main:2026-11-24:my files/attributes/", Uri.UnescapeDataString(segment));
    }

    [Fact]
    public void Escape_InAnAbsoluteUri_StaysOneSegmentWithColons()
    {
        var uri = new Uri("http://127.0.0.1:7071/api/runs/" + RunIdSegment.Escape("export:a:b:c:2026-11-24"));

        Assert.Equal("/api/runs/export:a:b:c:2026-11-24", uri.AbsolutePath);
        Assert.Equal(4, uri.Segments.Length);
    }
}
