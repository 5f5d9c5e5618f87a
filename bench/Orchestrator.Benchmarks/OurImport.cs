using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Credentials;
using Orchestrator.Destinations;
using Orchestrator.Domain;
using Orchestrator.Imports;
using Orchestrator.Imports.Models;
using Orchestrator.Runner.Hosting;

namespace Orchestrator.Benchmarks;

/// <summary>One finished import: how long the run took from start to completion, and what it reported.</summary>
internal sealed record ImportRun(string Tenant, TimeSpan Elapsed, ImportResult Result);

/// <summary>
/// Our import orchestration, hosted in this process as <c>orchestrator import</c> hosts it (<see cref="RunnerHost"/>,
/// in-memory Durable Task backend, attribute store in Azurite). The host is started once; each measured import gets a
/// fresh tenant (so a fresh partition, and no ledger entry that would skip the file) with a destination whose bucket
/// path holds one benchmark file under <c>attributes/</c>. Measured: <c>ImportRunStarter.StartAsync</c> to
/// <c>WaitForInstanceCompletionAsync</c>.
/// </summary>
internal sealed class OurImport : IAsyncDisposable
{
    public const string Bucket = "bench-import";
    public const string Prefix = "attributes/";
    public static readonly DateOnly RunDate = new(2026, 11, 24);

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);
    private readonly WebApplication app;
    private readonly BenchSettings settings;

    private OurImport(WebApplication app, BenchSettings settings)
    {
        this.app = app;
        this.settings = settings;
    }

    public IServiceProvider Services => this.app.Services;

    private DurableTaskClient Client => this.app.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>The bucket path (folder) holding the file with <paramref name="rows"/> rows: <c>rows-N/attributes/users.csv</c>.</summary>
    public static string BucketPath(int rows) => string.Create(CultureInfo.InvariantCulture, $"rows-{rows}-v{AttributeData.Version}");

    public static string ObjectKey(int rows) => BucketPath(rows) + "/" + Prefix + "users.csv";

    public static Dictionary<string, string?> Configuration(BenchSettings s)
    {
        var configuration = OurExport.Configuration(s, s.Export);
        configuration["Import:ChunkMiB"] = s.ImportChunkMiB?.ToString(CultureInfo.InvariantCulture);
        if (configuration["Import:ChunkMiB"] is null)
        {
            configuration.Remove("Import:ChunkMiB");
        }

        return configuration;
    }

    /// <summary>Starts the runner host; <paramref name="overrides"/> replace settings, <paramref name="configureServices"/> adds services (the gzip and shard parts).</summary>
    public static async Task<OurImport> StartAsync(BenchSettings s, IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configureServices = null)
    {
        var configuration = Configuration(s);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        var app = RunnerHost.Build([], configuration, configureServices);
        await app.StartAsync();
        return new OurImport(app, s);
    }

    /// <summary>
    /// Imports the file of <paramref name="rows"/> rows (in <paramref name="bucketPath"/>, default <see cref="BucketPath"/>)
    /// for a new tenant; fails unless every row was imported.
    /// </summary>
    public async Task<ImportRun> ImportAsync(int rows, string tenant, string? bucketPath = null)
    {
        const string destinationId = "rgw";
        await this.RegisterDestinationAsync(tenant, destinationId, bucketPath ?? BucketPath(rows));
        var request = new ImportRequest(tenant, destinationId, Prefix, RunDate, Force: false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        var clock = Stopwatch.StartNew();
        var outcome = await this.app.Services.GetRequiredService<ImportRunStarter>().StartAsync(this.Client, request, timeout.Token);
        if (!outcome.Started)
        {
            throw new InvalidOperationException($"Import run {outcome.InstanceId} was not started ({outcome.Metadata?.RuntimeStatus}).");
        }

        var finished = await this.Client.WaitForInstanceCompletionAsync(outcome.InstanceId, getInputsAndOutputs: true, timeout.Token);
        clock.Stop();
        if (finished.RuntimeStatus != OrchestrationRuntimeStatus.Completed || finished.SerializedOutput is null)
        {
            throw new InvalidOperationException($"Import run {outcome.InstanceId} ended {finished.RuntimeStatus}: {finished.FailureDetails?.ErrorMessage}");
        }

        var result = JsonSerializer.Deserialize<ImportResult>(finished.SerializedOutput, WebJson)
            ?? throw new InvalidOperationException("The import returned no result.");
        if (result.FilesImported != 1 || result.RowsImported != rows || result.RowsRejected != 0)
        {
            throw new InvalidOperationException($"Import of {rows} rows reported {finished.SerializedOutput}");
        }

        return new ImportRun(tenant, clock.Elapsed, result);
    }

    /// <summary>What <c>orchestrator destination add --replace</c> does: through the destination service (secret into the secret store).</summary>
    private async Task RegisterDestinationAsync(string tenant, string destinationId, string bucketPath) =>
        await this.app.Services.GetRequiredService<DestinationService>().CreateOrReplaceAsync(
            new DestinationDraft(tenant, destinationId, AuthMethod.AccessKey, Bucket, "us-east-1", bucketPath, this.settings.AccessKey, this.settings.SecretKey, null),
            CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }
}
