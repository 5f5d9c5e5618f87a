using Orchestrator.Exports;
using Orchestrator.Exports.Models;

namespace Orchestrator.UnitTests.Exports;

public sealed class ExportNamingTests
{
    private static readonly DateOnly Day = new(2025, 3, 7);

    [Fact]
    public void InstanceId_Request_IsExportTenantDestinationReportDay()
    {
        var request = new ExportRequest("tenant-1", "dest_2", "insights", Day);

        Assert.Equal("export:tenant-1:dest_2:insights:2025-03-07", ExportNaming.InstanceId(request));
    }

    [Fact]
    public void InstanceId_DifferentDay_DiffersOnlyInDay()
    {
        var a = ExportNaming.InstanceId(new ExportRequest("t", "d", "r", Day));
        var b = ExportNaming.InstanceId(new ExportRequest("t", "d", "r", Day.AddDays(1)));

        Assert.Equal("export:t:d:r:2025-03-07", a);
        Assert.Equal("export:t:d:r:2025-03-08", b);
    }

    [Theory]
    [InlineData("", ExportCompression.None, "insights/2025/03/07/insights_2025-03-07.csv")]
    [InlineData("", ExportCompression.Gzip, "insights/2025/03/07/insights_2025-03-07.csv.gz")]
    [InlineData("customer/exports", ExportCompression.None, "customer/exports/insights/2025/03/07/insights_2025-03-07.csv")]
    [InlineData("sub folder", ExportCompression.Gzip, "sub folder/insights/2025/03/07/insights_2025-03-07.csv.gz")]
    public void ObjectKey_PathAndCompression_FollowsLayout(string bucketPath, ExportCompression compression, string expected)
    {
        Assert.Equal(expected, ExportNaming.ObjectKey(bucketPath, "insights", Day, compression));
    }

    [Theory]
    [InlineData("", "insights/2025/03/07/_manifest.json")]
    [InlineData("a/b", "a/b/insights/2025/03/07/_manifest.json")]
    public void ManifestKey_Path_IsInObjectFolder(string bucketPath, string expected)
    {
        string manifest = ExportNaming.ManifestKey(bucketPath, "insights", Day);
        string objectKey = ExportNaming.ObjectKey(bucketPath, "insights", Day, ExportCompression.None);

        Assert.Equal(expected, manifest);
        Assert.Equal(objectKey[..objectKey.LastIndexOf('/')], manifest[..manifest.LastIndexOf('/')]);
    }
}
