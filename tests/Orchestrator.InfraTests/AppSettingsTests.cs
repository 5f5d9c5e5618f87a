using System.Text.Json;

namespace Orchestrator.InfraTests;

/// <summary>
/// The Function App's app settings: every setting the app reads in Azure (docs/configuration.md), wired from the
/// other resources, identity-based throughout, and within the Flex Consumption plan's rules.
/// </summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed class AppSettingsTests(CompiledTemplate compiled)
{
    private const string IdentityClientId = "reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', parameters('identityName')), '2023-01-31').clientId";

    /// <summary>Settings of local.settings.sample.json that are not app settings in Azure, and why.</summary>
    private static readonly Dictionary<string, string> LocalOnlySettings = new(StringComparer.Ordinal)
    {
        ["AzureWebJobsStorage"] = "identity-based in Azure: AzureWebJobsStorage__accountName/__credential/__clientId",
        ["FUNCTIONS_WORKER_RUNTIME"] = "Flex Consumption sets the runtime in functionAppConfig.runtime and rejects this setting",
        ["Storage__ConnectionString"] = "Storage__TableServiceUri with the managed identity in Azure",
        ["Storage__DestinationsTable"] = "the default",
        ["Storage__RunsTable"] = "the default",
        ["Storage__NightsTable"] = "the default",
        ["Storage__RunExecutionsTable"] = "the default",
        ["Secrets__CacheDuration"] = "the default",
        ["S3__ServiceUrl"] = "local radosgw only; AWS by region in Azure",
        ["S3__StsServiceUrl"] = "local radosgw only",
        ["S3__ForcePathStyle"] = "local radosgw only",
        ["S3__AuthenticationRegion"] = "local radosgw only",
        ["S3__ChecksumsWhenRequiredOnly"] = "local radosgw only",
        ["S3__MaxErrorRetry"] = "the default",
        ["S3__RequestTimeout"] = "the default",
        ["Sts__Region"] = "the default",
        ["Sts__DurationSeconds"] = "the default",
        ["Sts__SourceAccessKeyId"] = "local only (docs/configuration.md): refused in Azure; Sts__ServiceRoleArn (web identity) there",
        ["Sts__SourceSecretAccessKey"] = "local only",
        ["Export__PartSizeMiB"] = "the default",
        ["Export__MaxParallelParts"] = "the default",
        ["Export__MaxParallelFiles"] = "the default",
        ["Export__Compression"] = "the default",
        ["Reports__SyntheticRows"] = "synthetic source only",
        ["Reports__BlobConnectionString"] = "Reports__BlobServiceUri with the managed identity in Azure",
        ["Nightly__MaxConcurrentRuns"] = "has a default; tuned per deployment by operators",
        ["Nightly__PageSize"] = "has a default; tuned per deployment by operators",
        ["Import__AttributeShards"] = "has a default; changing it needs 'attributes rebalance' per tenant (docs/scaling.md)",
        ["Import__MaxCountedValues"] = "has a default; tuned per deployment by operators",
        ["Import__MirrorMaxDeleteShare"] = "has a default (0.10); the mirror guard, tuned per deployment by operators",
        ["Import__FilesPerGeneration"] = "has a default (200); the import orchestration's history bound, tuned per deployment by operators",
        ["Limits__MaxRunsPerCall"] = "has a default; tuned per deployment by operators",
        ["Limits__TenantRequestsPerMinute"] = "has a default; tuned per deployment by operators",
        ["Limits__TenantBurst"] = "has a default; tuned per deployment by operators",
        ["Limits__OperatorRequestsPerMinute"] = "has a default; tuned per deployment by operators",
    };

    public static TheoryData<string> RequiredSettings =>
    [
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "AZURE_CLIENT_ID",
        "DURABLE_TASK_HUB",
        "NIGHTLY_SCHEDULE",
        "Storage__TableServiceUri",
        "Secrets__KeyVaultUri",
        "Sts__TrustedPrincipalArns__0",
        "Reports__Source",
        "Reports__BlobServiceUri",
        "Reports__BlobContainer",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];

    private IReadOnlyDictionary<string, string> Settings => compiled.AppSettings;

    [Theory]
    [MemberData(nameof(RequiredSettings))]
    public void AppSettings_Include(string name) =>
        Assert.True(this.Settings.ContainsKey(name), $"{name} is not set; the settings are: {string.Join(", ", this.Settings.Keys)}");

    [Fact]
    public void AzureWebJobsStorage_IsIdentityBased_WithTheUserAssignedIdentity()
    {
        Assert.Equal("'managedidentity'", this.Settings["AzureWebJobsStorage__credential"]);
        Assert.Equal("parameters('storageAccountName')", this.Settings["AzureWebJobsStorage__accountName"]);
        Assert.Equal(IdentityClientId, this.Settings["AzureWebJobsStorage__clientId"]);
        Assert.DoesNotContain("AzureWebJobsStorage", this.Settings.Keys);
    }

    [Fact]
    public void DefaultAzureCredential_PicksTheUserAssignedIdentity() =>
        Assert.Equal(IdentityClientId, this.Settings["AZURE_CLIENT_ID"]);

    [Fact]
    public void ServiceEndpoints_ComeFromTheDeployedResources()
    {
        Assert.Contains("'Microsoft.Storage/storageAccounts'", this.Settings["Storage__TableServiceUri"], StringComparison.Ordinal);
        Assert.EndsWith(".primaryEndpoints.table", this.Settings["Storage__TableServiceUri"], StringComparison.Ordinal);
        Assert.EndsWith(".primaryEndpoints.blob", this.Settings["Reports__BlobServiceUri"], StringComparison.Ordinal);
        Assert.Contains("'Microsoft.KeyVault/vaults'", this.Settings["Secrets__KeyVaultUri"], StringComparison.Ordinal);
        Assert.EndsWith(".vaultUri", this.Settings["Secrets__KeyVaultUri"], StringComparison.Ordinal);
        Assert.Contains("'Microsoft.Insights/components'", this.Settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);
        Assert.EndsWith(".ConnectionString", this.Settings["APPLICATIONINSIGHTS_CONNECTION_STRING"], StringComparison.Ordinal);
        Assert.Equal($"format('ClientId={{0}};Authorization=AAD', {IdentityClientId})", this.Settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    [Fact]
    public void Reports_ComeFromTheReportsBlobContainer()
    {
        Assert.Equal("parameters('reportSource')", this.Settings["Reports__Source"]);
        Assert.Equal("[parameters('reportSource')]", compiled.ModuleArgument("api", "reportSource"));
        Assert.Equal("Blob", (string)compiled.MainParameter("reportSource")["defaultValue"]!);

        Assert.Equal("parameters('reportsContainerName')", this.Settings["Reports__BlobContainer"]);
        Assert.Equal("[variables('reportsContainerName')]", compiled.ModuleArgument("api", "reportsContainerName"));
        Assert.Equal("reports", (string)compiled.MainVariable("reportsContainerName")!);
    }

    [Theory]
    [InlineData("NIGHTLY_SCHEDULE", "nightlySchedule", "nightlySchedule", "0 0 2 * * *")]
    [InlineData("DURABLE_TASK_HUB", "durableTaskHubName", "durableTaskHubName", "Orchestrator")]
    public void Setting_IsAMainParameter_WithItsDefault(string setting, string moduleParameter, string mainParameter, string defaultValue)
    {
        Assert.Equal($"parameters('{moduleParameter}')", this.Settings[setting]);
        Assert.Equal($"[parameters('{mainParameter}')]", compiled.ModuleArgument("api", moduleParameter));
        Assert.Equal(defaultValue, (string)compiled.MainParameter(mainParameter)["defaultValue"]!);
    }

    [Fact]
    public void TrustedPrincipalArn_IsAnOptionalParameter_LeftOutWhenEmpty()
    {
        Assert.Equal("parameters('awsTrustedPrincipalArn')", this.Settings["Sts__TrustedPrincipalArns__0"]);
        var config = Assert.Single(compiled.OfType("Microsoft.Web/sites/config"));
        string expression = config.Resolve((string)config.Resource["properties"]!);
        Assert.Contains(
            "if(empty(parameters('awsTrustedPrincipalArn')), createObject(), createObject('Sts__TrustedPrincipalArns__0', parameters('awsTrustedPrincipalArn')))",
            expression,
            StringComparison.Ordinal);
        Assert.Equal(string.Empty, (string)compiled.MainParameter("awsTrustedPrincipalArn")["defaultValue"]!);
    }

    [Fact]
    public void ServiceRole_IsAnOptionalParameter_WithTheWebIdentityAudience_AndNoAwsKeyInAzure()
    {
        Assert.Equal("parameters('awsServiceRoleArn')", this.Settings["Sts__ServiceRoleArn"]);
        Assert.Equal("parameters('awsWebIdentityAudience')", this.Settings["Sts__WebIdentityAudience"]);
        Assert.Equal(string.Empty, (string)compiled.MainParameter("awsServiceRoleArn")["defaultValue"]!);
        Assert.Equal("api://AzureADTokenExchange", (string)compiled.MainParameter("awsWebIdentityAudience")["defaultValue"]!);
        Assert.DoesNotContain("Sts__SourceAccessKeyId", this.Settings.Keys);
        Assert.DoesNotContain("Sts__SourceSecretAccessKey", this.Settings.Keys);
    }

    [Fact]
    public void ConsoleSignIn_IsAnOptionalParameter_AgainstTheDirectorysEntraId_ForTheApisAudience()
    {
        Assert.Equal("parameters('consoleClientId')", this.Settings["Console__ClientId"]);
        Assert.Contains("oauth2/v2.0/authorize", this.Settings["Console__AuthorizationEndpoint"], StringComparison.Ordinal);
        Assert.Contains("oauth2/v2.0/token", this.Settings["Console__TokenEndpoint"], StringComparison.Ordinal);
        Assert.Contains("parameters('authAudience')", this.Settings["Console__Scope"], StringComparison.Ordinal);
        Assert.Equal("[parameters('consoleClientId')]", compiled.ModuleArgument("api", "consoleClientId"));
        Assert.Equal(string.Empty, (string)compiled.MainParameter("consoleClientId")["defaultValue"]!);
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("WEBSITE_CONTENTSHARE")]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    [InlineData("AzureWebJobsDashboard")]
    public void AppSettings_LeaveOutWhatFlexConsumptionRejects(string name) =>
        Assert.DoesNotContain(name, compiled.Template.ToJsonString(), StringComparison.Ordinal);

    [Fact]
    public void AppSettings_HoldNoConnectionStringsOrKeys()
    {
        foreach (var (name, value) in this.Settings)
        {
            if (name != "APPLICATIONINSIGHTS_CONNECTION_STRING")
            {
                Assert.DoesNotContain("ConnectionString", name, StringComparison.OrdinalIgnoreCase);
            }

            Assert.DoesNotContain("list", value, StringComparison.Ordinal);
            Assert.DoesNotContain("AccountKey", value, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void EveryLocalSetting_IsAnAppSetting_OrLocalOnlyForAStatedReason()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(Bicep.RepositoryRoot, "local.settings.sample.json")));
        var missing = sample.RootElement.GetProperty("Values").EnumerateObject()
            .Select(p => p.Name)
            .Where(name => !this.Settings.ContainsKey(name) && !LocalOnlySettings.ContainsKey(name))
            .ToList();

        Assert.True(missing.Count == 0, $"Settings of local.settings.sample.json neither wired in infra/app/api.bicep nor listed as local-only here: {string.Join(", ", missing)}");
    }
}
