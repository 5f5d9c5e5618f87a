using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3.Model;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Exports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.Runner.Hosting;
using Orchestrator.Runs;
using Xunit;

namespace Orchestrator.IntegrationTests.EnterpriseBuckets;

/// <summary>
/// Retention (issue 14 item 6) on radosgw: the bucket holds, under the destination's path, objects our runs wrote
/// long ago (unchanged), one we wrote and the customer then overwrote, recent ones of ours, customer files and keys
/// that merely look like ours. The run records are backdated (not the clock). The preview lists exactly our old
/// objects with their decisions; the next export deletes exactly our unchanged old objects and records them.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class RetentionTests(ServersFixture servers) : IAsyncLifetime
{
    private RunnerSession runner = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        int port = FreePort.Next();
        this.runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}",
            ["Reports:SyntheticRows"] = "2000",
            ["Export:Compression"] = "None",
        });
        this.http = TestIssuer.Http(port);
    }

    public async Task DisposeAsync()
    {
        this.http.Dispose();
        await this.runner.DisposeAsync();
    }

    [Fact]
    public async Task Retention_MixedBucket_DeletesExactlyOurUnchangedObjectsOlderThanTheRetention()
    {
        string bucket = "retention-" + this.runner.Tenant;
        using var admin = servers.AdminS3();
        await admin.PutBucketAsync(bucket);
        using (var created = await this.http.PostAsJsonAsync($"api/tenants/{this.runner.Tenant}/destinations", new
        {
            destinationId = "kept",
            authMethod = "accessKey",
            bucket,
            region = "us-east-1",
            bucketPath = "ret",
            accessKeyId = servers.AccessKey,
            secretAccessKey = servers.SecretKey,
            retentionDays = 30,
        }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(30, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("retentionDays").GetInt32());
        }

        // Our runs (each one's own retention step finds nothing expired yet).
        var old = await this.ExportAsync("2026-10-01");
        var overwritten = await this.ExportAsync("2026-10-02");
        var recent = await this.ExportAsync("2026-10-03");
        await this.BackdateAsync(old, days: 40);
        await this.BackdateAsync(overwritten, days: 40);
        await this.BackdateAsync(recent, days: 10);

        // The customer replaces one of our objects, and keeps files of their own beside ours.
        await admin.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = overwritten.ObjectKey, ContentBody = "the customer's own version" });
        string[] customers =
        [
            "ret/customer/notes.txt",
            "ret/sessions/2026/09/30/sessions_2026-09-30.csv", // looks like ours; no run of ours wrote it
            "ret/sessions/2026/09/30/_manifest.json",
            "other/sessions/2026/10/01/sessions_2026-10-01.csv",
        ];
        foreach (string key in customers)
        {
            await admin.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = "customer " + key });
        }

        var preview = await this.PreviewAsync();
        var items = preview.GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("key").GetString()!, i => i.GetProperty("decision").GetString());
        Assert.Equal(
            new Dictionary<string, string?>
            {
                [old.ObjectKey] = "Delete",
                [old.ManifestKey] = "Delete",
                [overwritten.ObjectKey] = "KeepChanged",
                [overwritten.ManifestKey] = "Delete",
            },
            items);
        // The CLI lists the same decisions from the same planner.
        var settings = RunnerSession.BaseSettings(servers, Path.Combine(Path.GetTempPath(), $"orchestrator-secrets-{this.runner.Tenant}.json"));
        var (code, output) = await CliProcess.RunAsync(settings, ["destination", "retention-preview", "--tenant", this.runner.Tenant, "--id", "kept"]);
        Assert.True(code == 0, output);
        Assert.Contains($"Delete      {old.ObjectKey} (run {old.RunId}", output, StringComparison.Ordinal);
        Assert.Contains($"KeepChanged {overwritten.ObjectKey} (run {overwritten.RunId}", output, StringComparison.Ordinal);
        Assert.Contains("3 to delete, 1 kept or gone.", output, StringComparison.Ordinal);

        Assert.Equal(4, (await this.ListAsync(bucket)).Count(k => k.StartsWith("ret/sessions/2026/10/0", StringComparison.Ordinal) && k != recent.ObjectKey && k != recent.ManifestKey));

        var next = await this.ExportAsync("2026-10-04");

        string[] expected =
        [
            overwritten.ObjectKey, recent.ObjectKey, recent.ManifestKey, next.ObjectKey, next.ManifestKey, .. customers,
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), (await this.ListAsync(bucket)).Order(StringComparer.Ordinal));
        var record = (await this.runner.App.Services.GetRequiredService<IRunStore>().GetAsync(this.runner.Tenant, next.RunId, CancellationToken.None))!;
        Assert.Equal(3, record.RetentionDeleted);
        Assert.Equal(
            new[] { old.ObjectKey, old.ManifestKey, overwritten.ManifestKey }.Order(StringComparer.Ordinal),
            record.RetentionDeletedKeys!.Split('\n').Order(StringComparer.Ordinal));
        using (var changed = await admin.GetObjectAsync(bucket, overwritten.ObjectKey))
        using (var reader = new StreamReader(changed.ResponseStream))
        {
            Assert.Equal("the customer's own version", await reader.ReadToEndAsync());
        }

        // Decided once: the old runs are not listed again.
        Assert.Empty((await this.PreviewAsync()).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3651")]
    [InlineData("\"30\"")]
    [InlineData("1.5")]
    public async Task CreateDestination_InvalidRetentionDays_Is400NamingTheField(string value)
    {
        using var content = new StringContent(
            $$"""{"destinationId":"bad","authMethod":"accessKey","bucket":"some-bucket","region":"us-east-1","accessKeyId":"{{servers.AccessKey}}","secretAccessKey":"x","retentionDays":{{value}}}""",
            System.Text.Encoding.UTF8,
            "application/json");
        using var response = await this.http.PostAsync($"api/tenants/{this.runner.Tenant}/destinations", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("retentionDays", out _), problem.ToString());
    }

    private async Task<ExportResult> ExportAsync(string day)
    {
        var destination = new Domain.Destination { TenantId = this.runner.Tenant, DestinationId = "kept", Bucket = "unused", Region = "us-east-1" };
        var run = await this.runner.RunExportAsync(this.runner.Request(destination, day: day));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        return run.ReadOutputAs<ExportResult>()!;
    }

    private async Task BackdateAsync(ExportResult result, int days)
    {
        var record = await this.runner.BackdateRunAsync(result.RunId, days);
        Assert.NotNull(record.ObjectETag);
        Assert.NotNull(record.ManifestETag);
    }

    private async Task<JsonElement> PreviewAsync()
    {
        using var response = await this.http.GetAsync($"api/tenants/{this.runner.Tenant}/destinations/kept/retention-preview");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<List<string>> ListAsync(string bucket)
    {
        using var admin = servers.AdminS3();
        var response = await admin.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        return [.. (response.S3Objects ?? []).Select(o => o.Key)];
    }
}
