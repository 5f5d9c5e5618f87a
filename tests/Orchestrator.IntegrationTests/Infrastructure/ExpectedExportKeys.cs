using System.Globalization;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// The export layout as docs/architecture.md states it — <c>{bucket path}/{report}/{yyyy}/{MM}/{dd}/{report}_{yyyy-MM-dd}.csv[.gz]</c>
/// and <c>_manifest.json</c> beside it — written out here instead of asked of ExportNaming, the code under test, so a
/// change to the layout fails these tests instead of moving their expectation with it.
/// </summary>
internal static class ExpectedExportKeys
{
    public static string Folder(string bucketPath, string report, DateOnly day) =>
        (bucketPath.Length == 0 ? string.Empty : bucketPath + "/") +
        report + "/" + day.Year.ToString("D4", CultureInfo.InvariantCulture) + "/" + day.Month.ToString("D2", CultureInfo.InvariantCulture) + "/" + day.Day.ToString("D2", CultureInfo.InvariantCulture);

    public static string Object(string bucketPath, string report, DateOnly day, bool gzip) =>
        Folder(bucketPath, report, day) + "/" + report + "_" + day.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture) + ".csv" + (gzip ? ".gz" : string.Empty);

    public static string Manifest(string bucketPath, string report, DateOnly day) => Folder(bucketPath, report, day) + "/_manifest.json";
}
