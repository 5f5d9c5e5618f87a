using Amazon.S3.Model;
using Microsoft.DurableTask.Client;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.IntegrationTests.Reliability;

/// <summary>
/// Bucket paths with unicode, spaces, '%', '+' and a very long name: the object key listed in the bucket must be
/// exactly ExportNaming's key (no double encoding, no '+' turned into a space), and the object must verify.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class UnusualKeyRoundTripTests(ServersFixture servers, ITestOutputHelper output)
{
    public static TheoryData<string, string> Paths() => new()
    {
        { "unicode", "exports/ünïcödé/日本語 🚀" },
        { "space-percent-plus", "with space/100% done+more/a+b=c & d" },
        { "encoded-looking", "already%20encoded/%2F%2e%2e/plus+%2B" },
        // The local radosgw (memstore) answers CreateMultipartUpload with 500 for keys of ~380 bytes (PutObject works),
        // a limit of the test server, not of S3 (1,024 bytes): the long case stays at ~230 bytes of key.
        { "long", string.Join('/', Enumerable.Range(0, 3).Select(i => $"segment {i} ü+%" + new string((char)('a' + i), 40))) },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Export_BucketPathWithUnusualCharacters_KeyRoundTripsExactlyAndObjectVerifies(string name, string path)
    {
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Reports:SyntheticRows"] = "3000" });
        var destination = await runner.AddAccessKeyDestinationAsync(servers, "keys-" + runner.Tenant, path);
        var request = runner.Request(destination);

        var run = await runner.RunExportAsync(request);

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
        string expected = ExpectedExportKeys.Object(destination.BucketPath, request.Report, request.Period, gzip: true);
        Assert.StartsWith(path.TrimEnd('/') + "/", expected, StringComparison.Ordinal);
        using var admin = servers.AdminS3();
        var listing = await admin.ListObjectsV2Async(new ListObjectsV2Request { BucketName = destination.Bucket });
        Assert.Contains(expected, (listing.S3Objects ?? []).Select(o => o.Key));
        await ScenarioInvariants.AssertExportAsync(servers, runner, destination, request, run, ExportCompression.Gzip, 3000);
        ReliabilitySupport.Report(output, "unusual-keys-" + name, $"keyBytes={System.Text.Encoding.UTF8.GetByteCount(expected)} key round-tripped exactly; verified");
    }
}
