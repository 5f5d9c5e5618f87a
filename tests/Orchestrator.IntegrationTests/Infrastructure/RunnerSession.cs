using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orchestrator.Destinations;
using Orchestrator.Domain;
using Orchestrator.Exports;
using Orchestrator.Exports.Models;
using Orchestrator.Runner.Cli;
using Orchestrator.Runner.Hosting;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>The local runner in this process (in-memory backend unless overridden), wired to the fixture's servers.</summary>
public sealed class RunnerSession : IAsyncDisposable
{
    public static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private RunnerSession(WebApplication app, string tenant, CapturingLoggerProvider logs)
    {
        this.App = app;
        this.Tenant = tenant;
        this.Logs = logs;
    }

    public WebApplication App { get; }

    public string Tenant { get; }

    /// <summary>Every line the session's runner logged (at the configured levels), for searching and secret scans.</summary>
    public CapturingLoggerProvider Logs { get; }

    public DurableTaskClient Client => this.App.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>The export starter every entry point uses (door check, run records decide).</summary>
    public ExportRunStarter Exports => this.App.Services.GetRequiredService<ExportRunStarter>();

    /// <summary>The import starter every entry point uses.</summary>
    public Orchestrator.Imports.ImportRunStarter Imports => this.App.Services.GetRequiredService<Orchestrator.Imports.ImportRunStarter>();

    public static Dictionary<string, string?> BaseSettings(ServersFixture servers, string secretsFile) => new(StringComparer.OrdinalIgnoreCase)
    {
        // Every API the tests serve validates real tokens of the tests' issuer (its clients carry an operator's by default).
        ["Auth:Authority"] = TestIssuer.Settings["Auth:Authority"],
        ["Auth:Audience"] = TestIssuer.Settings["Auth:Audience"],
        ["Auth:MetadataCaCertificate"] = TestIssuer.Settings["Auth:MetadataCaCertificate"],
        ["Storage:ConnectionString"] = servers.StorageConnectionString,
        ["S3:ServiceUrl"] = servers.S3Endpoint,
        ["S3:StsServiceUrl"] = servers.S3Endpoint,
        ["S3:CaCertificate"] = servers.CaCertificate,
        ["S3:ForcePathStyle"] = "true",
        ["S3:AuthenticationRegion"] = "us-east-1",
        ["S3:ChecksumsWhenRequiredOnly"] = "true",
        ["S3:MaxErrorRetry"] = "1",
        ["Sts:SourceAccessKeyId"] = servers.AccessKey,
        ["Sts:SourceSecretAccessKey"] = servers.SecretKey,
        ["Sts:TrustedPrincipalArns:0"] = "arn:aws:iam:::user/tester", // the radosgw user the service signs STS calls as
        ["Secrets:LocalFile"] = secretsFile,
        ["Reports:Source"] = "Synthetic",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <summary>
    /// Settings of a runner process on the persistent backend (Azure Storage on the fixture's Azurite) with its own
    /// task hub, sharing the tables and <paramref name="secretsFile"/> with the in-process session that set it up.
    /// </summary>
    public static Dictionary<string, string?> PersistentSettings(ServersFixture servers, string secretsFile, string hub)
    {
        var settings = BaseSettings(servers, secretsFile);
        settings["Runner:Backend"] = "AzureStorage";
        settings["Runner:TaskHub"] = hub;
        settings["Runner:WorkItemVisibilityTimeout"] = "00:00:10";
        return settings;
    }

    /// <summary>A fresh secrets file path in the temp folder.</summary>
    public static string SecretsFile(string name) => Path.Combine(Path.GetTempPath(), $"orchestrator-secrets-{name}-{Guid.NewGuid():N}.json");

    public static async Task<RunnerSession> StartAsync(
        ServersFixture servers, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string? tenant = null)
    {
        tenant ??= "t" + Guid.NewGuid().ToString("N")[..10];
        var all = BaseSettings(servers, Path.Combine(Path.GetTempPath(), $"orchestrator-secrets-{tenant}.json"));
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var logs = new CapturingLoggerProvider();
        var app = RunnerHost.Build([], all, collection =>
        {
            collection.AddSingleton<ILoggerProvider>(logs);
            services?.Invoke(collection);
        });
        await app.StartAsync();
        return new RunnerSession(app, tenant, logs);
    }

    /// <summary>Registers an access-key destination (secret into the secret store) in a fresh bucket.</summary>
    public async Task<Destination> AddAccessKeyDestinationAsync(
        ServersFixture servers, string bucket, string path = "subfolder name", string? secret = null, bool createBucket = true)
    {
        if (createBucket)
        {
            using var admin = servers.AdminS3();
            await admin.PutBucketAsync(bucket);
        }

        return await this.CreateDestinationAsync(
            DestinationCommand.Draft(this.Tenant, "dest-" + bucket, bucket, "us-east-1", path, servers.AccessKey, secret ?? servers.SecretKey, roleArn: null));
    }

    /// <summary>Creates a destination the way every entry point does: through <see cref="DestinationService"/> and its rules.</summary>
    public async Task<Destination> CreateDestinationAsync(DestinationDraft draft) =>
        (await this.App.Services.GetRequiredService<DestinationService>().CreateAsync(draft, CancellationToken.None)).Destination;

    public ExportRequest Request(Destination destination, string report = "sessions", string day = "2026-11-24") =>
        new(this.Tenant, destination.DestinationId, report, DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture));

    public async Task<OrchestrationMetadata> RunExportAsync(ExportRequest request, bool force = false, TimeSpan? timeout = null)
    {
        var outcome = await this.Exports.StartAsync(this.Client, request, force, CancellationToken.None);
        return await this.WaitAsync(outcome.InstanceId, timeout);
    }

    public async Task<OrchestrationMetadata> RunImportAsync(Orchestrator.Imports.Models.ImportRequest request, TimeSpan? timeout = null)
    {
        var outcome = await this.Imports.StartAsync(this.Client, request, CancellationToken.None);
        return await this.WaitAsync(outcome.InstanceId, timeout);
    }

    /// <summary>Runs an import that must complete (its status says which files failed, if any) and returns its result.</summary>
    public async Task<Orchestrator.Imports.Models.ImportResult> ImportCompletedAsync(Orchestrator.Imports.Models.ImportRequest request, TimeSpan? timeout = null)
    {
        var run = await this.RunImportAsync(request, timeout);
        Xunit.Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, $"{run.RuntimeStatus}: {run.FailureDetails} {run.SerializedOutput}");
        return run.ReadOutputAs<Orchestrator.Imports.Models.ImportResult>()!;
    }

    /// <summary>Makes a run of this tenant look finished <paramref name="days"/> ago in its run record (what retention reads); returns the record as it was.</summary>
    public async Task<Orchestrator.Runs.RunRecord> BackdateRunAsync(string runId, int days)
    {
        var runs = this.App.Services.GetRequiredService<Orchestrator.Runs.IRunStore>();
        var record = (await runs.GetAsync(this.Tenant, runId, CancellationToken.None))!;
        var then = DateTimeOffset.UtcNow.AddDays(-days);
        await runs.UpsertAsync(record with { StartedAt = then.AddMinutes(-1), FinishedAt = then }, CancellationToken.None);
        return record;
    }

    public async Task<OrchestrationMetadata> WaitAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(4));
        return await this.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await this.App.StopAsync();
        await this.App.DisposeAsync();
    }
}
