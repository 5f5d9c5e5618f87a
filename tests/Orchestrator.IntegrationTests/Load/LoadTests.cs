using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.S3.Model;
using Azure.Data.Tables;
using DurableTask.Core;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Benchmarks;
using Orchestrator.Destinations;
using Orchestrator.Domain;
using Orchestrator.Exports.Models;
using Orchestrator.Imports.Models;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Reliability;
using Orchestrator.Runner.Hosting;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.IntegrationTests.Load;

/// <summary>
/// Load: 100 destinations spread over several tenants, each with its own bucket; one on-demand export and one
/// attribute import per destination, all 200 started at once over the runner's HTTP API, as users start them, on the
/// in-memory backend with the runner's default concurrency. Every run must complete and be recorded, every export
/// object must match its manifest and the generated report, and every imported row must be in the attribute table
/// exactly once with exactly its values; the scenario invariants hold afterwards. Durations are printed, not asserted.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class LoadTests(ServersFixture servers, ITestOutputHelper output)
{
    private const int Destinations = 100;
    private const int Tenants = 5;
    private const int ExportRows = 5_000;
    private const int ImportRows = 200;
    private static readonly DateOnly Period = new(2026, 11, 24);
    private static readonly string[] Reports = ["sessions", "events"];

    [Fact]
    public async Task ExportsAndImports_HundredEachStartedTogetherOverHttp_AllCompleteRecordedAndExact()
    {
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(servers, new Dictionary<string, string?>
        {
            ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}",
            ["Reports:SyntheticRows"] = ExportRows.ToString(CultureInfo.InvariantCulture),
        });
        using var http = TestIssuer.Http(port, TimeSpan.FromMinutes(5));
        string[] tenants = [.. Enumerable.Range(0, Tenants).Select(t => $"{runner.Tenant}l{t}")];
        var destinations = await this.RegisterAsync(runner, http, tenants);

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var backend = (TunedOrchestrationService)runner.App.Services.GetRequiredService<IOrchestrationService>();
        using var sampling = new CancellationTokenSource();
        var inFlight = SampleInFlightAsync(backend, sampling.Token);
        var clock = Stopwatch.StartNew();
        var runs = await Task.WhenAll(destinations.SelectMany((d, i) => new[]
        {
            StartAsync(runner, http, clock, "export", d, new { tenant = d.TenantId, destinationId = d.DestinationId, report = ReportOf(i), period = Period.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, timeout.Token),
            StartAsync(runner, http, clock, "import", d, new { tenant = d.TenantId, destinationId = d.DestinationId }, timeout.Token),
        }));
        var wall = clock.Elapsed;
        await sampling.CancelAsync();
        var (orchestrationsPeak, activitiesPeak) = await inFlight;
        Assert.InRange(orchestrationsPeak, 1, backend.OrchestrationLimit);
        Assert.InRange(activitiesPeak, 1, backend.ActivityLimit);

        var failed = runs.Where(r => r.Run.RuntimeStatus != OrchestrationRuntimeStatus.Completed).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {runs.Length} runs did not complete: " + string.Join("; ", failed.Take(5).Select(f => $"{f.InstanceId} {f.Run.RuntimeStatus} {f.Run.FailureDetails?.ErrorMessage}")));
        foreach (var run in runs)
        {
            // What a user polling the status URL sees.
            var view = await http.GetFromJsonAsync<JsonElement>("api/runs/" + Uri.EscapeDataString(run.InstanceId));
            Assert.Equal("Completed", view.GetProperty("runtimeStatus").GetString());
            Assert.DoesNotContain(servers.SecretKey, view.GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain(servers.SecretKey, run.Run.SerializedInput + run.Run.SerializedOutput + run.Run.SerializedCustomStatus, StringComparison.Ordinal);
        }

        var exports = runs.Where(r => r.Kind == "export").ToList();
        var imports = runs.Where(r => r.Kind == "import").ToList();
        long exportBytes = 0;
        foreach (var (destination, i) in destinations.Select((d, i) => (d, i)))
        {
            var run = exports.Single(r => r.Destination == destination);
            var request = new ExportRequest(destination.TenantId, destination.DestinationId, ReportOf(i), Period);
            var verification = await ScenarioInvariants.AssertExportAsync(servers, destination, request, run.Run, ExportCompression.Gzip, ExportRows);
            exportBytes += verification!.StoredBytes;
        }

        foreach (var run in imports)
        {
            var result = run.Run.ReadOutputAs<ImportResult>()!;
            Assert.Equal((1, 1, 0, 0, (long)ImportRows, 0L), (result.FilesSeen, result.FilesImported, result.FilesSkipped, result.FilesFailed, result.RowsImported, result.RowsRejected));
            await ScenarioInvariants.AssertImportAsync(servers, run.Destination.TenantId, run.Destination.Bucket, run.Run, result);
        }

        long rows = 0;
        foreach (string tenant in tenants)
        {
            rows += await this.AssertAttributesAsync(tenant, destinations.Select((d, i) => (d, i)).Where(p => p.d.TenantId == tenant).Select(p => p.i));
            await this.AssertRunRecordsAsync(tenant, runs.Where(r => r.Destination.TenantId == tenant).Select(r => r.InstanceId));
        }

        int scanned = await ScenarioInvariants.AssertNoSecretsAsync(servers, runner, tenants);
        double perMinute = runs.Length / wall.TotalMinutes;
        ReliabilitySupport.Report(output, "load", string.Create(
            CultureInfo.InvariantCulture,
            $"exports={exports.Count}/{exports.Count} completed ({ExportRows} rows each, {exportBytes} bytes stored, verified byte for byte) {Durations.Summary([.. exports.Select(r => r.Elapsed)])}; "
            + $"imports={imports.Count}/{imports.Count} completed ({rows} rows exact) {Durations.Summary([.. imports.Select(r => r.Elapsed)])}; "
            + $"tenants={Tenants} destinations={Destinations}; in flight at most {orchestrationsPeak}/{backend.OrchestrationLimit} orchestrations, {activitiesPeak}/{backend.ActivityLimit} activities; all accepted within {runs.Max(r => r.Accepted).TotalSeconds:0.0}s; wall={wall.TotalSeconds:0.0}s ({perMinute:0} runs/min); secretScan={scanned} places; dataLost=0"));
    }

    private static async Task<LoadRun> StartAsync(
        RunnerSession runner, HttpClient http, Stopwatch clock, string kind, Destination destination, object body, CancellationToken cancellationToken)
    {
        var sent = clock.Elapsed;
        using var response = await http.PostAsJsonAsync($"api/{kind}s", body, cancellationToken);
        var view = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST api/{kind}s answered {(int)response.StatusCode}: {view}");
        string id = view.GetProperty("id").GetString()!;
        // These run ids hold only letters, digits, '-' and ':', which the status URL keeps as they are.
        Assert.Equal(new Uri(http.BaseAddress!, $"api/tenants/{destination.TenantId}/runs/{id}"), response.Headers.Location);
        var accepted = clock.Elapsed;
        var run = await runner.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken);
        return new LoadRun(kind, destination, id, accepted, clock.Elapsed - sent, run);
    }

    /// <summary>The most work items the runner had in flight at once while the runs went on (sampled).</summary>
    private static async Task<(int Orchestrations, int Activities)> SampleInFlightAsync(TunedOrchestrationService backend, CancellationToken cancellationToken)
    {
        int orchestrations = 0;
        int activities = 0;
        try
        {
            while (true)
            {
                orchestrations = Math.Max(orchestrations, backend.OrchestrationsInFlight);
                activities = Math.Max(activities, backend.ActivitiesInFlight);
                await Task.Delay(10, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            return (orchestrations, activities);
        }
    }

    /// <summary>Creates the destinations over the API (the secret into the secret store), their buckets, and each one's attribute file.</summary>
    private async Task<List<Destination>> RegisterAsync(RunnerSession runner, HttpClient http, string[] tenants)
    {
        using var admin = servers.AdminS3();
        var store = runner.App.Services.GetRequiredService<IDestinationStore>();
        var destinations = new Destination[Destinations];
        await Parallel.ForEachAsync(Enumerable.Range(0, Destinations), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            string tenant = tenants[i % tenants.Length];
            string bucket = string.Create(CultureInfo.InvariantCulture, $"load-{runner.Tenant}-{i:D3}");
            string id = string.Create(CultureInfo.InvariantCulture, $"d{i:D3}");
            await admin.PutBucketAsync(bucket, ct);
            using var created = await http.PostAsJsonAsync(
                $"api/tenants/{tenant}/destinations",
                new { destinationId = id, authMethod = "accessKey", bucket, region = "us-east-1", bucketPath = $"load/dest {i:D3}", accessKeyId = servers.AccessKey, secretAccessKey = servers.SecretKey },
                ct);
            Assert.True(created.StatusCode == HttpStatusCode.Created, $"{(int)created.StatusCode}: {await created.Content.ReadAsStringAsync(ct)}");
            var destination = (await store.GetAsync(tenant, id, ct))!;
            using var file = new MemoryStream(AttributeData.Csv(FirstRow(i), ImportRows));
            await admin.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = BucketPath.Combine(destination.BucketPath, "attributes/users.csv"), InputStream = file }, ct);
            destinations[i] = destination;
        });
        return [.. destinations];
    }

    /// <summary>The tenant's partition holds exactly the rows of its destinations' files, each with exactly its typed values.</summary>
    private async Task<long> AssertAttributesAsync(string tenant, IEnumerable<int> destinationIndexes)
    {
        var expected = destinationIndexes.SelectMany(i => Enumerable.Range(FirstRow(i), ImportRows)).ToDictionary(AttributeData.UserId);
        var table = new TableClient(servers.StorageConnectionString, "Attributes");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var entity in AttributeRows.OfTenantAsync(table, tenant))
        {
            Assert.True(seen.Add(entity.RowKey), $"duplicate row {entity.RowKey}");
            Assert.True(expected.TryGetValue(entity.RowKey, out int row), $"unexpected row {entity.RowKey} in {tenant}");
            object[] values = AttributeData.Values(row);
            // Names starting with '_' are the store's own marks (_source, _seen: see AttributeColumns), never attributes.
            var names = entity.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag") && !k.StartsWith('_')).Order(StringComparer.Ordinal);
            Assert.Equal(AttributeData.Columns.Skip(1).Order(StringComparer.Ordinal), names);
            for (int c = 0; c < values.Length; c++)
            {
                object? stored = entity[AttributeData.Columns[c + 1]];
                bool same = (values[c], stored) switch
                {
                    (DateTime date, DateTimeOffset s) => s.UtcDateTime == date,
                    _ => Equals(values[c], stored),
                };
                Assert.True(same, $"{tenant}/{entity.RowKey}.{AttributeData.Columns[c + 1]}: stored {stored} ({stored?.GetType().Name}), expected {values[c]} ({values[c].GetType().Name})");
            }
        }

        Assert.Equal(expected.Count, seen.Count);
        return seen.Count;
    }

    /// <summary>The Runs table holds one record per run of the tenant, and no other.</summary>
    private async Task AssertRunRecordsAsync(string tenant, IEnumerable<string> runIds)
    {
        var table = new TableClient(servers.StorageConnectionString, "Runs");
        var records = new List<string>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == tenant))
        {
            records.Add(entity.RowKey);
            Assert.DoesNotContain(servers.SecretKey, JsonSerializer.Serialize(entity), StringComparison.Ordinal);
        }

        Assert.Equal(runIds.Order(StringComparer.Ordinal), records.Order(StringComparer.Ordinal));
    }

    /// <summary>The report destination <paramref name="index"/> exports (two kinds, so reports differ by name too).</summary>
    private static string ReportOf(int index) => Reports[index % Reports.Length];

    /// <summary>Destination <paramref name="index"/> imports users of its own range, so every stored row traces back to one file.</summary>
    private static int FirstRow(int index) => (index * ImportRows) + 1;
}
