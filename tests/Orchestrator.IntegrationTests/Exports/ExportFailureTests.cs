using Amazon.S3;
using Amazon.S3.Model;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Reports;
using Xunit;

namespace Orchestrator.IntegrationTests.Exports;

/// <summary>Permanent failures fail fast, are recorded, and leave neither an object nor a multipart upload behind.</summary>
[Collection(ServersCollection.Name)]
public sealed class ExportFailureTests(ServersFixture servers)
{
    [Fact]
    public async Task Export_SecretRadosgwRejects_FailsFastWithReasonAndLeavesNothing()
    {
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Reports:SyntheticRows"] = "50000" });
        string bucket = "badsecret-" + runner.Tenant;
        var destination = await runner.AddAccessKeyDestinationAsync(servers, bucket, secret: "not-the-secret");

        var started = DateTimeOffset.UtcNow;
        var run = await runner.RunExportAsync(runner.Request(destination));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        // radosgw answers a wrong secret with 403 AccessDenied (AWS says SignatureDoesNotMatch); both name the fix.
        string error = run.FailureDetails!.ErrorMessage;
        Assert.True(error.Contains("AccessDenied (403)", StringComparison.Ordinal) || error.Contains("SignatureDoesNotMatch", StringComparison.Ordinal), error);
        Assert.Contains("secret key", error, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(30), "a permanent failure must not be retried for long");

        var record = (await new TableClient(servers.StorageConnectionString, "Runs").GetEntityAsync<TableEntity>(runner.Tenant, run.InstanceId)).Value;
        Assert.Equal("Failed", record.GetString("Status"));
        Assert.Equal(error, record.GetString("Error"));
        Assert.DoesNotContain("not-the-secret", record.GetString("Error"), StringComparison.Ordinal);

        await AssertBucketEmptyAsync(bucket);
    }

    [Fact]
    public async Task Export_PartFailsPermanentlyMidUpload_AbortsUploadAndPublishesNothing()
    {
        await using var runner = await RunnerSession.StartAsync(
            servers,
            new Dictionary<string, string?>
            {
                ["Reports:SyntheticRows"] = "300000",
                ["Export:PartSizeMiB"] = "8",
                ["Export:MaxParallelParts"] = "2",
                ["Export:Compression"] = "None",
            },
            services => services.AddSingleton<IReportSource>(sp =>
                new FailingReportSource(new SyntheticReportSource(sp.GetRequiredService<IOptions<ReportSourceOptions>>()), failFromOffset: 16L * 1024 * 1024)));
        string bucket = "midfail-" + runner.Tenant;
        var destination = await runner.AddAccessKeyDestinationAsync(servers, bucket);

        var run = await runner.RunExportAsync(runner.Request(destination));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.Contains("lost the rest of this report", run.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        await AssertBucketEmptyAsync(bucket);
    }

    private async Task AssertBucketEmptyAsync(string bucket)
    {
        using var admin = servers.AdminS3();
        var uploads = await admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        Assert.Empty(uploads.MultipartUploads ?? []);
        var objects = await admin.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Empty(objects.S3Objects ?? []);
    }
}
