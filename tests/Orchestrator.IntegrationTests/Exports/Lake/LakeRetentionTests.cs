using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3.Model;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Domain;
using Orchestrator.Exports.Formats;
using Orchestrator.Exports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Reports;
using Orchestrator.Runner.Cli;
using Orchestrator.Runner.Hosting;
using Orchestrator.Runs;
using Xunit;

namespace Orchestrator.IntegrationTests.Exports.Lake;

/// <summary>
/// Retention of a multi-file typed dataset on radosgw (issue 15 with issue 14 item 6): a parquet export split into
/// several files by a small <c>maxFileMiB</c>, its run record backdated past the retention (not the clock), one of its
/// files then overwritten by the customer. The preview (HTTP and CLI) lists every file and the manifest; the next
/// export's retention step deletes every unchanged file, then the manifest, records them on the run, and keeps the
/// customer's file.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class LakeRetentionTests(ServersFixture servers) : IAsyncLifetime
{
    /// <summary>At least 3.5 MiB of source CSV: four files of at most 1 MiB.</summary>
    private static readonly long Rows = (long)Math.Ceiling(3.5 * 1024 * 1024 / SyntheticInsightsReport.RowLength);

    private RunnerSession runner = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        int port = FreePort.Next();
        this.runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}",
            ["Reports:SyntheticRows"] = Rows.ToString(CultureInfo.InvariantCulture),
        });
        this.http = TestIssuer.Http(port);
    }

    public async Task DisposeAsync()
    {
        this.http.Dispose();
        await this.runner.DisposeAsync();
    }

    [Fact]
    public async Task Retention_MultiFileParquetDataset_DeletesEveryUnchangedFileThenTheManifest_KeepsTheCustomersFile()
    {
        string bucket = "lake-retention-" + this.runner.Tenant;
        using var admin = servers.AdminS3();
        await admin.PutBucketAsync(bucket);
        var destination = await this.runner.CreateDestinationAsync(
            DestinationCommand.Draft(this.runner.Tenant, "lake", bucket, "us-east-1", "lake", servers.AccessKey, servers.SecretKey, roleArn: null)
            with
            {
                RetentionDays = 30,
                Layout = new ExportLayout(ExportFormat.Parquet, ParquetCodec.Snappy, Orchestrator.Exports.ExportKeyTemplate.Hive, MaxFileMiB: 1),
            });

        var old = await this.ExportAsync(destination, "2026-10-01");
        var manifest = await ManifestAsync(admin, bucket, old.ManifestKey);
        var files = manifest.Files!.Select(f => f.Key).ToList();
        Assert.True(files.Count >= 3, $"expected at least 3 files, got {files.Count}");
        Assert.Equal(old.Parts, files.Count);
        await this.BackdateAsync(old, days: 40);

        // The customer replaces one of our files (another ETag) and keeps a file of their own in the folder.
        string overwritten = files[1];
        await admin.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = overwritten, ContentBody = "the customer's own version" });
        string folder = old.ManifestKey[..(old.ManifestKey.LastIndexOf('/') + 1)];
        string customers = folder + "part-99999.parquet"; // looks like ours; no run of ours wrote it
        await admin.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = customers, ContentBody = "customer" });

        // The preview lists every file of the dataset and the manifest, the manifest last.
        var expected = files.Select(k => (k, k == overwritten ? "KeepChanged" : "Delete")).Append((old.ManifestKey, "Delete")).ToList();
        var preview = await this.PreviewAsync();
        Assert.Equal(
            expected,
            preview.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("key").GetString()!, i.GetProperty("decision").GetString()!)).ToList());
        var settings = RunnerSession.BaseSettings(servers, Path.Combine(Path.GetTempPath(), $"orchestrator-secrets-{this.runner.Tenant}.json"));
        var (code, output) = await CliProcess.RunAsync(settings, ["destination", "retention-preview", "--tenant", this.runner.Tenant, "--id", "lake"]);
        Assert.True(code == 0, output);
        foreach (var (key, decision) in expected)
        {
            Assert.Contains($"{decision,-11} {key} (run {old.RunId}", output, StringComparison.Ordinal);
        }

        Assert.Contains($"{files.Count} to delete, 1 kept or gone.", output, StringComparison.Ordinal);

        // The next export's retention step.
        var next = await this.ExportAsync(destination, "2026-10-05");

        var keys = await ListAsync(admin, bucket);
        var nextFiles = (await ManifestAsync(admin, bucket, next.ManifestKey)).Files!.Select(f => f.Key);
        Assert.Equal(
            nextFiles.Append(next.ManifestKey).Append(overwritten).Append(customers).Order(StringComparer.Ordinal),
            keys.Order(StringComparer.Ordinal));
        var record = (await this.runner.App.Services.GetRequiredService<IRunStore>().GetAsync(this.runner.Tenant, next.RunId, CancellationToken.None))!;
        var deleted = files.Where(k => k != overwritten).Append(old.ManifestKey).ToList();
        Assert.Equal(deleted.Count, record.RetentionDeleted);
        Assert.Equal(deleted, record.RetentionDeletedKeys!.Split('\n')); // in deletion order: the manifest last
        using (var changed = await admin.GetObjectAsync(bucket, overwritten))
        using (var reader = new StreamReader(changed.ResponseStream))
        {
            Assert.Equal("the customer's own version", await reader.ReadToEndAsync());
        }

        // Decided once: the old run is not listed again.
        Assert.Empty((await this.PreviewAsync()).GetProperty("items").EnumerateArray());
    }

    private static async Task<ExportManifest> ManifestAsync(Amazon.S3.AmazonS3Client admin, string bucket, string key)
    {
        using var response = await admin.GetObjectAsync(bucket, key);
        return (await JsonSerializer.DeserializeAsync<ExportManifest>(response.ResponseStream, RunnerSession.WebJson))!;
    }

    private static async Task<List<string>> ListAsync(Amazon.S3.AmazonS3Client admin, string bucket)
    {
        var response = await admin.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        return [.. (response.S3Objects ?? []).Select(o => o.Key)];
    }

    private async Task<ExportResult> ExportAsync(Destination destination, string day)
    {
        var run = await this.runner.RunExportAsync(this.runner.Request(destination, day: day));
        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
        return run.ReadOutputAs<ExportResult>()!;
    }

    private async Task BackdateAsync(ExportResult result, int days) =>
        Assert.NotNull((await this.runner.BackdateRunAsync(result.RunId, days)).ManifestETag);

    private async Task<JsonElement> PreviewAsync()
    {
        using var response = await this.http.GetAsync($"api/tenants/{this.runner.Tenant}/destinations/lake/retention-preview");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
