using System.Net;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Orchestrator.Domain;
using Orchestrator.Exports;
using Orchestrator.Exports.Activities;
using Orchestrator.Exports.Models;
using Orchestrator.Runs;

namespace Orchestrator.UnitTests.Exports;

/// <summary>
/// What a run of ours wrote, as retention and reruns read it: the files its manifest lists (the manifest read with
/// If-Match on the ETag the run record holds), the record's object, the manifest last; nothing outside the bucket path.
/// </summary>
public sealed class PreviousExportsReadWrittenTests
{
    private const string ManifestKey = "lake/sessions/dt=2026-10-01/_manifest.json";

    private static readonly Destination Destination = new() { TenantId = "t", DestinationId = "d", Bucket = "b", Region = "us-east-1", BucketPath = "lake" };

    private static readonly RunRecord Record = new()
    {
        TenantId = "t",
        RunId = "export:t:d:sessions:2026-10-01",
        Kind = "export",
        DestinationId = "d",
        Status = RunStatus.Succeeded,
        Bucket = "b",
        ObjectKey = "lake/sessions/dt=2026-10-01/part-00001.parquet",
        ObjectETag = "\"e1\"",
        ManifestKey = ManifestKey,
        ManifestETag = "\"m\"",
    };

    [Fact]
    public async Task ReadWrittenAsync_ManifestUnchanged_EveryListedFileWithItsETagThenTheManifestLast()
    {
        var files = new[]
        {
            new ManifestFile("lake/sessions/dt=2026-10-01/part-00001.parquet", 10, 1, "00", "\"e1\""),
            new ManifestFile("lake/sessions/dt=2026-10-01/part-00002.parquet", 10, 1, "00", "\"e2\""),
            new ManifestFile("lake/sessions/dt=2026-10-01/part-00003.parquet", 10, 1, "00", "\"e3\""),
            new ManifestFile("elsewhere/part-00004.parquet", 10, 1, "00", "\"e4\""), // not under the bucket path: never ours to touch
        };
        var s3 = new Mock<IAmazonS3>(MockBehavior.Strict);
        s3.Setup(c => c.GetObjectAsync(It.Is<GetObjectRequest>(r => r.BucketName == "b" && r.Key == ManifestKey && r.EtagToMatch == "\"m\""), It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => new GetObjectResponse { ETag = "\"m\"", ResponseStream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(Manifest(files), WriteManifestActivity.JsonOptions)) });

        var (objects, manifest) = await PreviousExports.ReadWrittenAsync(s3.Object, Destination, Record, NullLogger.Instance, CancellationToken.None);

        Assert.NotNull(manifest);
        Assert.Equal(
            [
                new WrittenObject("lake/sessions/dt=2026-10-01/part-00001.parquet", "\"e1\""),
                new WrittenObject("lake/sessions/dt=2026-10-01/part-00002.parquet", "\"e2\""),
                new WrittenObject("lake/sessions/dt=2026-10-01/part-00003.parquet", "\"e3\""),
                new WrittenObject(ManifestKey, "\"m\""),
            ],
            objects);
    }

    [Fact]
    public async Task ReadWrittenAsync_ManifestChangedSince_OnlyTheRecordsObjectAndManifest()
    {
        var s3 = new Mock<IAmazonS3>(MockBehavior.Strict);
        s3.Setup(c => c.GetObjectAsync(It.Is<GetObjectRequest>(r => r.Key == ManifestKey && r.EtagToMatch == "\"m\""), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new AmazonS3Exception("At least one of the pre-conditions you specified did not hold") { StatusCode = HttpStatusCode.PreconditionFailed, ErrorCode = "PreconditionFailed" });

        var (objects, manifest) = await PreviousExports.ReadWrittenAsync(s3.Object, Destination, Record, NullLogger.Instance, CancellationToken.None);

        Assert.Null(manifest);
        Assert.Equal([new WrittenObject(Record.ObjectKey!, "\"e1\""), new WrittenObject(ManifestKey, "\"m\"")], objects);
    }

    private static ExportManifest Manifest(ManifestFile[] files) => new(
        2,
        "b",
        files[0].Key,
        40,
        80,
        4,
        "snappy",
        "application/vnd.apache.parquet",
        new ManifestChecksum("crc32c", "00", "AA=="),
        new ManifestSchema("csv", ["a"]),
        "t",
        "sessions",
        new DateOnly(2026, 10, 1),
        Record.RunId,
        DateTimeOffset.UnixEpoch,
        files.Length,
        "parquet",
        files);
}
