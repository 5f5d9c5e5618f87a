using Orchestrator.Domain;
using Orchestrator.Exports;
using Orchestrator.Exports.Formats;
using Xunit;

namespace Orchestrator.UnitTests.Exports;

public sealed class ExportKeyTemplateTests
{
    private static readonly DateOnly Day = new(2026, 11, 24);

    [Fact]
    public void Default_RendersTodaysLayout_AndHiveThePreset()
    {
        Assert.Equal("p/sessions/2026/11/24/sessions_2026-11-24.csv.gz", ExportKeyTemplate.Render(ExportKeyTemplate.Default, "p", "sessions", Day, "csv.gz", 1, 1));
        Assert.Equal("p/sessions/2026/11/24/sessions_2026-11-24-00002.parquet", ExportKeyTemplate.Render(ExportKeyTemplate.Default, "p", "sessions", Day, "parquet", 2, 3));
        Assert.Equal("sessions/dt=2026-11-24/part-00001.parquet", ExportKeyTemplate.Render(ExportKeyTemplate.Expand("hive"), string.Empty, "sessions", Day, "parquet", 1, 1));
        Assert.Equal("sessions/dt=2026-11-24/_manifest.json", ExportKeyTemplate.ManifestKey(ExportKeyTemplate.Hive, string.Empty, "sessions", Day));
    }

    [Theory]
    [InlineData("/{report}/{date}/x.{ext}")]
    [InlineData("{report}/{date}//x.{ext}")]
    [InlineData("{report}/{date}/../x.{ext}")]
    [InlineData("{report}/x_{date}.{ext}")]
    [InlineData("{date}/x.{ext}")]
    [InlineData("{report}/{yyyy}/{MM}/x.{ext}")]
    [InlineData("{report}/{date}/{unknown}.{ext}")]
    [InlineData("{report}/{date}/")]
    [InlineData("")]
    public void Invalid_Templates_AreRejected(string template) => Assert.NotNull(ExportKeyTemplate.Problem(template));

    [Fact]
    public void LayoutRules_NameTheField()
    {
        Assert.Contains(DestinationRules.LayoutProblems(new ExportLayout(KeyTemplate: "a/../b")), p => p.Field == "keyTemplate");
        Assert.Contains(DestinationRules.LayoutProblems(new ExportLayout(ExportFormat.CsvGzip, MaxFileMiB: 10)), p => p.Field == "maxFileMiB");
        Assert.Contains(DestinationRules.LayoutProblems(new ExportLayout(ExportFormat.Parquet, MaxFileMiB: 0)), p => p.Field == "maxFileMiB");
        Assert.Empty(DestinationRules.LayoutProblems(new ExportLayout(ExportFormat.Parquet, ParquetCodec.Zstd, ExportKeyTemplate.Hive, 256)));
    }
}
