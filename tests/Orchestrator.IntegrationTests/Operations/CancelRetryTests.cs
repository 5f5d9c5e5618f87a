using System.Net;
using System.Text.Json;
using Amazon.S3.Model;
using Microsoft.DurableTask.Client;
using Orchestrator.Exports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Operations;
using Orchestrator.Reports;
using Orchestrator.Runner.Cli;
using Xunit;

namespace Orchestrator.IntegrationTests.Operations;

/// <summary>Cancel mid-export leaves neither an object nor a multipart upload; retry then completes the export.</summary>
[Collection(ServersCollection.Name)]
public sealed class CancelRetryTests(ServersFixture servers)
{
    [Fact]
    public async Task Cancel_MidExport_LeavesNoObjectNoUploadAndRetryCompletes()
    {
        var (runner, http) = await OperationsHttp.StartAsync(servers, new()
        {
            ["Reports:SyntheticRows"] = "600000",
            ["Export:Compression"] = "None",
            ["Export:PartSizeMiB"] = "8",
            ["Export:MaxParallelParts"] = "1",
        });
        await using var _ = runner;
        using var __ = http;
        string bucket = "cancel-" + runner.Tenant;
        var destination = await runner.AddAccessKeyDestinationAsync(servers, bucket);
        string id = await OperationsHttp.StartExportAsync(http, runner.Tenant, destination.DestinationId, "2026-11-24");

        await OperationsHttp.PollAsync(
            http, runner.Tenant, id, v => v.TryGetProperty("progress", out var p) && p.ValueKind == JsonValueKind.Object && p.GetProperty("partsDone").GetInt32() >= 1, TimeSpan.FromMinutes(2));
        using (var cancel = await http.PostAsync(OperationsHttp.RunPath(runner.Tenant, id, "cancel"), null))
        {
            var body = await OperationsHttp.ReadAsync(cancel, HttpStatusCode.OK);
            Assert.Equal("Terminated", body.GetProperty("runtimeStatus").GetString());
            Assert.True(body.GetProperty("abortedUploads").GetInt32() >= 1, body.ToString()); // the orchestrator never got to abort it
        }

        using var admin = servers.AdminS3();
        var uploads = await admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        Assert.Empty(uploads.MultipartUploads ?? []);
        var objects = await admin.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Empty(objects.S3Objects ?? []);

        using (var detail = await http.GetAsync(OperationsHttp.RunPath(runner.Tenant, id)))
        {
            var view = await OperationsHttp.ReadAsync(detail, HttpStatusCode.OK);
            Assert.Equal("Terminated", view.GetProperty("runtimeStatus").GetString());
            var record = view.GetProperty("record");
            Assert.Equal("Failed", record.GetProperty("status").GetString());
            Assert.Equal(RunOperations.CancelReason, record.GetProperty("error").GetString());
            Assert.Equal(JsonValueKind.Object, view.GetProperty("timeline").ValueKind);
            Assert.Equal("terminated", view.GetProperty("progress").GetProperty("phase").GetString()); // not "uploading" forever
            Assert.Contains("in-memory backend keeps none", view.GetProperty("timeline").GetProperty("note").GetString(), StringComparison.Ordinal);
        }

        // Cancelling a cancelled run again only repeats the (idempotent) cleanup.
        using (var again = await http.PostAsync(OperationsHttp.RunPath(runner.Tenant, id, "cancel"), null))
        {
            Assert.Equal(0, (await OperationsHttp.ReadAsync(again, HttpStatusCode.OK)).GetProperty("abortedUploads").GetInt32());
        }

        using (var retry = await http.PostAsync(OperationsHttp.RunPath(runner.Tenant, id, "retry"), null))
        {
            await OperationsHttp.ReadAsync(retry, HttpStatusCode.Accepted);
            Assert.NotNull(retry.Headers.Location);
        }

        var run = await runner.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        var result = run.ReadOutputAs<ExportResult>()!;
        var verification = await ExportVerifier.VerifyAsync(admin, result, new ReportLocator(runner.Tenant, "sessions", new DateOnly(2026, 11, 24)), CancellationToken.None);
        Assert.True(verification.IsValid, "object, manifest and generated report must agree after the retry");
        Assert.Equal(600_000, verification.Rows);
        uploads = await admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        Assert.Empty(uploads.MultipartUploads ?? []);

        using (var detail = await http.GetAsync(OperationsHttp.RunPath(runner.Tenant, id)))
        {
            var view = await OperationsHttp.ReadAsync(detail, HttpStatusCode.OK);
            Assert.Equal("Succeeded", view.GetProperty("record").GetProperty("status").GetString());
        }

        // A finished run can be neither cancelled nor retried.
        using (var cancel = await http.PostAsync(OperationsHttp.RunPath(runner.Tenant, id, "cancel"), null))
        {
            await OperationsHttp.AssertProblemAsync(cancel, HttpStatusCode.Conflict);
        }

        using (var retry = await http.PostAsync(OperationsHttp.RunPath(runner.Tenant, id, "retry"), null))
        {
            await OperationsHttp.AssertProblemAsync(retry, HttpStatusCode.Conflict);
        }
    }

    [Fact]
    public async Task Retry_FailedRun_RestartsWithSameIdAndInput()
    {
        var (runner, http) = await OperationsHttp.StartAsync(servers);
        await using var _ = runner;
        using var __ = http;

        // No such bucket: the run fails as the upload begins, fast.
        string id = await OperationsHttp.StartExportAsync(http, runner.Tenant, await OperationsHttp.AddBucketlessDestinationAsync(servers, runner), "2026-11-20");
        var failed = await runner.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);

        using (var detail = await http.GetAsync(OperationsHttp.RunPath(runner.Tenant, id)))
        {
            var view = await OperationsHttp.ReadAsync(detail, HttpStatusCode.OK);
            Assert.Equal("Failed", view.GetProperty("record").GetProperty("status").GetString());
            Assert.Contains("does not exist", view.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        using (var retry = await http.PostAsync(OperationsHttp.RunPath(runner.Tenant, id, "retry"), null))
        {
            await OperationsHttp.ReadAsync(retry, HttpStatusCode.Accepted);
        }

        var again = await runner.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, again.RuntimeStatus);
        Assert.True(again.CreatedAt >= failed.CreatedAt);
        Assert.Equal(failed.SerializedInput, again.SerializedInput);
    }
}
