using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Credentials;
using Orchestrator.Destinations;
using Orchestrator.Domain;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.Runner.Hosting;

namespace Orchestrator.Benchmarks;

/// <summary>One finished export: how long the run took from start to completion, and what it reported.</summary>
internal sealed record ExportRun(TimeSpan Elapsed, ExportResult Result);

/// <summary>
/// Our export orchestration, hosted in this process exactly as <c>orchestrator export</c> hosts it
/// (<see cref="RunnerHost"/>, in-memory Durable Task backend, local-file report source). The host is started once,
/// so the measured time is the run itself: from scheduling the orchestration to its completion.
/// </summary>
internal sealed class OurExport : IAsyncDisposable
{
    public const string Tenant = "bench";
    public const string DestinationId = "rgw";
    public const string BucketPath = "bench";

    /// <summary>The same bucket and path, every object written with SSE-KMS (<see cref="BenchSettings.SseKmsKey"/>).</summary>
    public const string SseKmsDestinationId = "rgw-kms";
    public static readonly DateOnly Period = new(2026, 11, 24);

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);
    private readonly WebApplication app;

    private OurExport(WebApplication app, ExportSettings settings)
    {
        this.app = app;
        this.Settings = settings;
    }

    public ExportSettings Settings { get; }

    private DurableTaskClient Client => this.app.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>
    /// The runner's configuration for the benchmark (also given, as environment variables, to the CLI process):
    /// no compression, so the bytes uploaded are the file's bytes, as for the other tools.
    /// </summary>
    public static Dictionary<string, string?> Configuration(BenchSettings s, ExportSettings e)
    {
        var configuration = BaseConfiguration(s, "secrets.json");
        configuration["Reports:Source"] = "LocalFile";
        configuration["Reports:Directory"] = s.DataDir;
        configuration["Export:Compression"] = "None";
        configuration["Export:PartSizeMiB"] = e.PartSizeMiB.ToString(CultureInfo.InvariantCulture);
        configuration["Export:MaxParallelParts"] = e.MaxParallelParts.ToString(CultureInfo.InvariantCulture);
        configuration["Runner:MaxConcurrentActivities"] = e.MaxConcurrentActivities.ToString(CultureInfo.InvariantCulture);
        return configuration;
    }

    /// <summary>What every runner host of the benchmark needs: the servers, a secrets file in the work folder, quiet logs.</summary>
    public static Dictionary<string, string?> BaseConfiguration(BenchSettings s, string secretsFileName) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Storage:ConnectionString"] = s.StorageConnectionString,
        ["S3:ServiceUrl"] = s.S3Endpoint,
        ["S3:StsServiceUrl"] = s.S3Endpoint,
        ["S3:ForcePathStyle"] = "true",
        ["S3:AuthenticationRegion"] = "us-east-1",
        ["S3:ChecksumsWhenRequiredOnly"] = "true",
        ["Secrets:LocalFile"] = Path.Combine(s.WorkDir, secretsFileName),
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Orchestrator"] = "Warning",
    };

    public static async Task<OurExport> StartAsync(BenchSettings s, ExportSettings e)
    {
        var app = RunnerHost.Build([], Configuration(s, e));
        await app.StartAsync();
        try
        {
            await RegisterDestinationAsync(app.Services, s);
        }
        catch
        {
            await app.StopAsync();
            await app.DisposeAsync();
            throw;
        }

        return new OurExport(app, e);
    }

    /// <summary>What <c>orchestrator destination add --replace</c> does: through the destination service (secret into the secret store).</summary>
    private static async Task RegisterDestinationAsync(IServiceProvider services, BenchSettings s)
    {
        var draft = new DestinationDraft(Tenant, DestinationId, AuthMethod.AccessKey, s.Bucket, "us-east-1", BucketPath, s.AccessKey, s.SecretKey, null);
        var destinations = services.GetRequiredService<DestinationService>();
        await destinations.CreateOrReplaceAsync(draft, CancellationToken.None);
        if (s.SseKmsKey is { } key)
        {
            await destinations.CreateOrReplaceAsync(
                draft with { DestinationId = SseKmsDestinationId, WriteSettings = new ObjectWriteSettings(ServerSideEncryption.AwsKms, key) },
                CancellationToken.None);
        }
    }

    public async Task<ExportRun> ExportAsync(string report, string destinationId = DestinationId)
    {
        var request = new ExportRequest(Tenant, destinationId, report, Period);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        var clock = Stopwatch.StartNew();
        var outcome = await this.app.Services.GetRequiredService<ExportRunStarter>().StartAsync(this.Client, request, force: true, timeout.Token);
        if (!outcome.Started)
        {
            throw new InvalidOperationException($"Export run {outcome.InstanceId} was not started ({outcome.Metadata?.RuntimeStatus}).");
        }

        var finished = await this.Client.WaitForInstanceCompletionAsync(outcome.InstanceId, getInputsAndOutputs: true, timeout.Token);
        clock.Stop();
        if (finished.RuntimeStatus != OrchestrationRuntimeStatus.Completed || finished.SerializedOutput is null)
        {
            throw new InvalidOperationException($"Export run {outcome.InstanceId} ended {finished.RuntimeStatus}: {finished.FailureDetails?.ErrorMessage}");
        }

        var result = JsonSerializer.Deserialize<ExportResult>(finished.SerializedOutput, WebJson)
            ?? throw new InvalidOperationException("The export returned no result.");
        return new ExportRun(clock.Elapsed, result);
    }

    public async ValueTask DisposeAsync()
    {
        await this.app.StopAsync();
        await this.app.DisposeAsync();
    }
}
