using Amazon.Runtime;
using Amazon.SecurityToken;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.Credentials;
using Orchestrator.Destinations;
using Orchestrator.Imports;
using Orchestrator.Imports.Attributes;
using Orchestrator.Imports.Checkpoints;
using Orchestrator.Imports.Ledger;
using Orchestrator.Imports.Rejects;
using Orchestrator.Nightly;
using Orchestrator.Operations;
using Orchestrator.Options;
using Orchestrator.Reports;
using Orchestrator.Runs;
using Orchestrator.S3;

namespace Orchestrator;

/// <summary>The one registration entry point of the core library, used by both hosts.</summary>
public static class OrchestratorServiceCollectionExtensions
{
    public static IServiceCollection AddOrchestratorCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExportOptions>().Bind(configuration.GetSection(ExportOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<S3Options>().Bind(configuration.GetSection(S3Options.SectionName))
            .Validate(o => string.IsNullOrEmpty(o.ServiceUrl) || Uri.TryCreate(o.ServiceUrl, UriKind.Absolute, out _), "S3:ServiceUrl must be an absolute URL.")
            .Validate(o => string.IsNullOrEmpty(o.CaCertificate) || Security.PrivateRootTrust.IsReadable(o.CaCertificate), "S3:CaCertificate must name a readable PEM or DER certificate file.")
            .Validate(
                o => string.IsNullOrEmpty(o.CaCertificate) || !string.IsNullOrEmpty(o.ServiceUrl) || !string.IsNullOrEmpty(o.StsServiceUrl),
                "S3:CaCertificate applies to S3:ServiceUrl / S3:StsServiceUrl only: AWS's endpoints have public certificates.")
            .ValidateOnStart();
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateDataAnnotations()
            .Validate(o => !string.IsNullOrEmpty(o.ConnectionString) || o.TableServiceUri is not null, "Storage:ConnectionString or Storage:TableServiceUri is required.")
            .ValidateOnStart();
        services.AddOptions<SecretStoreOptions>().Bind(configuration.GetSection(SecretStoreOptions.SectionName))
            .Validate(o => o.KeyVaultUri is not null || !string.IsNullOrEmpty(o.LocalFile), "Secrets:KeyVaultUri (or, locally, Secrets:LocalFile) is required.")
            .ValidateOnStart();
        services.AddOptions<NightlyOptions>().Bind(configuration.GetSection(NightlyOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ImportOptions>().Bind(configuration.GetSection(ImportOptions.SectionName)).ValidateDataAnnotations()
            .Validate(o => ImportNaming.TryFolder(o.DefaultPrefix, out _, out _), "Import:DefaultPrefix must name a folder under the bucket path, e.g. 'attributes/'.")
            .ValidateOnStart();
        services.AddOptions<WebConsole.ConsoleOptions>().Bind(configuration.GetSection(WebConsole.ConsoleOptions.SectionName)).ValidateDataAnnotations()
            .Validate(
                o => !o.SignInConfigured || (WebConsole.ConsoleOptions.IsAcceptableEndpoint(o.AuthorizationEndpoint) && WebConsole.ConsoleOptions.IsAcceptableEndpoint(o.TokenEndpoint)),
                "Console:AuthorizationEndpoint and Console:TokenEndpoint must be https URLs (or paths on this host) when Console:ClientId is set.")
            .ValidateOnStart();
        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OperationsOptions>().Bind(configuration.GetSection(OperationsOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StsOptions>().Bind(configuration.GetSection(StsOptions.SectionName)).ValidateDataAnnotations()
            .Validate(o => o.ServiceAccountIds.TrueForAll(a => a is { Length: 12 } && a.All(char.IsAsciiDigit)), "Sts:ServiceAccountIds must be 12-digit AWS account ids.")
            .Validate(o => string.IsNullOrEmpty(o.ServiceRoleArn) || Domain.DestinationRules.IsValidRoleArn(o.ServiceRoleArn), "Sts:ServiceRoleArn must be an IAM role ARN.")
            .Validate(
                o => string.IsNullOrEmpty(o.ServiceRoleArn) || string.IsNullOrEmpty(o.SourceAccessKeyId),
                "Sts:SourceAccessKeyId must not be set with Sts:ServiceRoleArn: the service's AWS identity comes from its web identity, never from a stored key.")
            .Validate(
                o => string.IsNullOrEmpty(o.SourceAccessKeyId) || string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WEBSITE_INSTANCE_ID")),
                "Sts:SourceAccessKeyId is for local runs only: in Azure set Sts:ServiceRoleArn (managed identity, AssumeRoleWithWebIdentity).")
            .ValidateOnStart();
        services.AddOptions<ReportSourceOptions>().Bind(configuration.GetSection(ReportSourceOptions.SectionName)).ValidateDataAnnotations()
            .Validate(o => o.Source != ReportSourceKind.LocalFile || !string.IsNullOrEmpty(o.Directory), "Reports:Directory is required for the LocalFile source.")
            .Validate(
                o => o.Source != ReportSourceKind.Blob || !string.IsNullOrEmpty(o.BlobConnectionString) || o.BlobServiceUri is not null
                    || !string.IsNullOrEmpty(configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.ConnectionString)}"]),
                "Reports:BlobServiceUri (or a connection string) is required for the Blob source.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());

        // Table Storage: destinations and run records.
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return !string.IsNullOrEmpty(o.ConnectionString)
                ? new TableServiceClient(o.ConnectionString)
                : new TableServiceClient(o.TableServiceUri, sp.GetRequiredService<TokenCredential>());
        });
        services.AddHostedService<StorageInitializer>();
        services.TryAddSingleton<IDestinationStore>(sp => new TableDestinationStore(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.DestinationsTable)));
        services.TryAddSingleton<IRunStore>(sp => new TableRunStore(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.RunsTable)));
        services.TryAddSingleton<IAttributeStore>(sp => new TableAttributeStore(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<IOptions<ImportOptions>>().Value.AttributesTable),
            sp.GetRequiredService<IOptions<ImportOptions>>().Value.AttributeShards));
        services.TryAddSingleton<Imports.Counts.IAttributeCountStore>(sp => new Imports.Counts.TableAttributeCountStore(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<IOptions<ImportOptions>>().Value.CountsTable)));
        services.TryAddSingleton<IImportLedger>(sp => new TableImportLedger(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<IOptions<ImportOptions>>().Value.LedgerTable)));
        services.TryAddSingleton<IImportRejectStore>(sp => new TableImportRejectStore(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<IOptions<ImportOptions>>().Value.RejectsTable)));
        services.TryAddSingleton<IImportCheckpointStore>(sp => new TableImportCheckpointStore(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<IOptions<ImportOptions>>().Value.CheckpointsTable)));
        services.TryAddSingleton<IRunExecutionStore>(sp => new TableRunExecutionStore(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.RunExecutionsTable)));
        services.TryAddSingleton<INightStore>(sp => new TableNightStore(
            sp.GetRequiredService<TableServiceClient>().GetTableClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.NightsTable)));
        services.TryAddSingleton<Security.RequestRateLimiter>();
        services.TryAddSingleton<DestinationResolver>();
        services.TryAddSingleton<DestinationService>();

        // Secrets: Key Vault when configured; a local file only for the local runner.
        services.TryAddSingleton(new SecretClientOptions());
        services.TryAddSingleton<ISecretStore>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<SecretStoreOptions>>().Value;
            return o.KeyVaultUri is not null
                ? new KeyVaultSecretStore(new SecretClient(o.KeyVaultUri, sp.GetRequiredService<TokenCredential>(), sp.GetRequiredService<SecretClientOptions>()))
                : new LocalFileSecretStore(o.LocalFile!);
        });

        // AWS: STS for AssumeRole, one S3 client per destination.
        services.TryAddSingleton(sp => new Lazy<IAmazonSecurityTokenService>(() => CreateSts(sp)));
        services.TryAddSingleton<IDestinationCredentialProvider, DestinationCredentialProvider>();
        services.TryAddSingleton<IS3ClientProvider, S3ClientProvider>();
        services.TryAddSingleton<DestinationS3>();

        // Operations: run list/detail, cancel, retry, history purge.
        services.TryAddSingleton<RunHistoryReader>();
        services.TryAddSingleton<ExportUploadCleaner>();
        services.TryAddSingleton<RunOperations>();
        services.TryAddSingleton<RunStarter>();
        services.TryAddSingleton<Exports.ExportRunStarter>();
        services.TryAddSingleton<Imports.ImportRunStarter>();
        services.TryAddSingleton<Imports.Counts.AttributeCountStarter>();
        services.TryAddSingleton<DestinationDeletion>();
        services.TryAddSingleton<Retention.RetentionService>();

        // Report source.
        services.TryAddSingleton<IReportSource>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ReportSourceOptions>>();
            return o.Value.Source switch
            {
                ReportSourceKind.LocalFile => new LocalFileReportSource(o),
                ReportSourceKind.Blob => new BlobReportSource(BlobService(sp, o.Value).GetBlobContainerClient(o.Value.BlobContainer)),
                _ => new SyntheticReportSource(o),
            };
        });

        return services;
    }

    private static BlobServiceClient BlobService(IServiceProvider sp, ReportSourceOptions o)
    {
        string? connection = o.BlobConnectionString ?? sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString;
        return !string.IsNullOrEmpty(connection) && o.BlobServiceUri is null
            ? new BlobServiceClient(connection)
            : new BlobServiceClient(o.BlobServiceUri, sp.GetRequiredService<TokenCredential>());
    }

    private static AmazonSecurityTokenServiceClient CreateSts(IServiceProvider sp)
    {
        var sts = sp.GetRequiredService<IOptions<StsOptions>>().Value;
        var s3 = sp.GetRequiredService<IOptions<S3Options>>().Value;
        AmazonSecurityTokenServiceConfig Config()
        {
            var config = new AmazonSecurityTokenServiceConfig { AuthenticationRegion = sts.Region };
            if (!string.IsNullOrEmpty(s3.StsServiceUrl))
            {
                config.ServiceURL = s3.StsServiceUrl;
                if (!string.IsNullOrEmpty(s3.CaCertificate))
                {
                    config.HttpClientFactory = new PrivateRootHttpClientFactory(Security.PrivateRootTrust.Load(s3.CaCertificate));
                }
            }
            else
            {
                config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(sts.Region);
            }

            return config;
        }

        if (!string.IsNullOrEmpty(sts.ServiceRoleArn))
        {
            // Managed identity -> Entra ID token -> AssumeRoleWithWebIdentity (an unsigned call) -> these credentials sign AssumeRole.
            var source = new WebIdentitySourceCredentials(
                sp.GetRequiredService<TokenCredential>(),
                sts.WebIdentityAudience,
                sts.ServiceRoleArn,
                sts.DurationSeconds,
                new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), Config()),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<WebIdentitySourceCredentials>());
            return new AmazonSecurityTokenServiceClient(source, Config());
        }

        return string.IsNullOrEmpty(sts.SourceAccessKeyId)
            ? new AmazonSecurityTokenServiceClient(Config())
            : new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(sts.SourceAccessKeyId, sts.SourceSecretAccessKey), Config());
    }
}
