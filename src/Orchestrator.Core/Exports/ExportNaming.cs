using System.Globalization;
using Orchestrator.Domain;
using Orchestrator.Exports.Models;

namespace Orchestrator.Exports;

/// <summary>
/// The one place where export object keys and run instance ids are derived from the business key, so reruns of the
/// same tenant/destination/report/day always address the same objects and the same orchestration instance.
/// </summary>
public static class ExportNaming
{
    public const string ManifestFileName = "_manifest.json";

    /// <summary><c>export:{tenant}:{destination}:{report}:{yyyy-MM-dd}</c>; the parts are validated ids without ':'.</summary>
    public static string InstanceId(ExportRequest request) => string.Join(
        ':',
        "export",
        request.TenantId,
        request.DestinationId,
        request.Report,
        request.Period.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary><c>{bucket path}/{report}/{yyyy}/{MM}/{dd}</c>: the folder that holds the object and its manifest.</summary>
    public static string Folder(string bucketPath, string report, DateOnly period) => BucketPath.Combine(
        bucketPath,
        string.Create(CultureInfo.InvariantCulture, $"{report}/{period:yyyy}/{period:MM}/{period:dd}"));

    /// <summary><c>{folder}/{report}_{yyyy-MM-dd}.csv[.gz]</c>.</summary>
    public static string ObjectKey(string bucketPath, string report, DateOnly period, ExportCompression compression) =>
        Folder(bucketPath, report, period) + "/" +
        string.Create(CultureInfo.InvariantCulture, $"{report}_{period:yyyy-MM-dd}.csv") +
        (compression == ExportCompression.Gzip ? ".gz" : string.Empty);

    public static string ManifestKey(string bucketPath, string report, DateOnly period) =>
        Folder(bucketPath, report, period) + "/" + ManifestFileName;
}
