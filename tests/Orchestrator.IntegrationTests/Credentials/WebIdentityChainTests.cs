using Amazon.Runtime;
using Amazon.SecurityToken;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Credentials;
using Orchestrator.Domain;
using Orchestrator.Errors;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.KeyVault;
using Orchestrator.IntegrationTests.Infrastructure.Sts;
using Orchestrator.Options;
using Orchestrator.Runs;
using Xunit;

namespace Orchestrator.IntegrationTests.Credentials;

/// <summary>
/// The service's own AWS identity (issue 13 item 6): an Entra ID token (the app's managed identity; here a stand-in
/// TokenCredential) -> STS AssumeRoleWithWebIdentity into the service role -> those credentials sign the customer
/// AssumeRole with its ExternalId. STS is the wire-protocol <see cref="StsResponder"/> (see docs/security-aws.md for
/// what radosgw 16 covers). Cached and renewed five minutes before expiry; failures name the step.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class WebIdentityChainTests(ServersFixture servers) : IAsyncLifetime
{
    private const string ServiceRole = "arn:aws:iam::111122223333:role/orchestrator-service";
    private const string CustomerRole = "arn:aws:iam::444455556666:role/analytics-export";
    private const string ExternalId = "orch-0123456789abcdef0123456789abcdef";
    private const string EntraToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.entra-token-for-the-app.sig";

    private readonly ManualTimeProvider clock = new();
    private StsResponder sts = null!;

    public async Task InitializeAsync()
    {
        this.sts = await StsResponder.StartAsync(this.clock);
        this.sts.AcceptedWebIdentityToken = EntraToken;
        this.sts.AddRole(ServiceRole, credentialLifetime: TimeSpan.FromHours(1));
        this.sts.AddRole(CustomerRole, requiredExternalId: ExternalId, credentialLifetime: TimeSpan.FromHours(1));
    }

    public async Task DisposeAsync() => await this.sts.DisposeAsync();

    [Fact]
    public async Task Runner_ServiceRoleArnConfigured_CustomerAssumeRoleIsSignedByTheWebIdentitySession()
    {
        var token = new StaticTokenCredential(EntraToken);
        await using var runner = await RunnerSession.StartAsync(
            servers,
            new Dictionary<string, string?>
            {
                ["S3:StsServiceUrl"] = this.sts.ServiceUrl,
                ["Sts:SourceAccessKeyId"] = null,
                ["Sts:SourceSecretAccessKey"] = null,
                ["Sts:ServiceRoleArn"] = ServiceRole,
                ["Sts:TrustedPrincipalArns:0"] = ServiceRole,
            },
            services => services.AddSingleton<TokenCredential>(token));
        var provider = runner.App.Services.GetRequiredService<IDestinationCredentialProvider>();

        var credentials = await provider.GetCredentialsAsync(Customer("d1"), CancellationToken.None);

        Assert.Equal(["api://AzureADTokenExchange/.default"], token.RequestedScopes);
        var calls = this.sts.Calls;
        Assert.Equal(["AssumeRoleWithWebIdentity", "AssumeRole"], calls.Select(c => c.Action));
        Assert.Null(calls[0].SigningAccessKeyId); // AssumeRoleWithWebIdentity is unsigned: no key of ours exists
        Assert.Equal(EntraToken, calls[0].Form["WebIdentityToken"]);
        Assert.Equal(ServiceRole, calls[0].RoleArn);
        Assert.Equal(calls[0].Issued!.AccessKeyId, calls[1].SigningAccessKeyId);
        Assert.Equal(ExternalId, calls[1].ExternalId);
        Assert.Equal(calls[1].Issued!.AccessKeyId, credentials.AccessKey);
    }

    [Fact]
    public async Task Chain_Cached_ThenRenewedFiveMinutesBeforeExpiry()
    {
        var token = new StaticTokenCredential(EntraToken);
        var provider = this.Provider(token);

        await provider.GetCredentialsAsync(Customer("d1"), CancellationToken.None);
        await provider.GetCredentialsAsync(Customer("d2"), CancellationToken.None);
        this.clock.Advance(TimeSpan.FromMinutes(54));
        await provider.GetCredentialsAsync(Customer("d3"), CancellationToken.None);
        this.clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1)); // 55 min 1 s: inside the last five minutes
        await provider.GetCredentialsAsync(Customer("d4"), CancellationToken.None);

        var calls = this.sts.Calls;
        Assert.Equal(
            ["AssumeRoleWithWebIdentity", "AssumeRole", "AssumeRole", "AssumeRole", "AssumeRoleWithWebIdentity", "AssumeRole"],
            calls.Select(c => c.Action));
        Assert.Equal(2, token.Requests.Count);
        Assert.All(calls.Take(4).Skip(1), c => Assert.Equal(calls[0].Issued!.AccessKeyId, c.SigningAccessKeyId));
        Assert.Equal(calls[4].Issued!.AccessKeyId, calls[5].SigningAccessKeyId);
    }

    [Fact]
    public async Task Chain_NoEntraToken_FailsNamingTheEntraStepAndNeverCallsSts()
    {
        var provider = this.Provider(new FailingTokenCredential());

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => provider.GetCredentialsAsync(Customer("d1"), CancellationToken.None).AsTask());

        var identity = Find<ServiceIdentityException>(ex);
        Assert.Contains("'Entra ID token'", identity.Message, StringComparison.Ordinal);
        Assert.Contains("Sts:WebIdentityAudience", identity.Message, StringComparison.Ordinal);
        Assert.Empty(this.sts.Calls);
    }

    [Fact]
    public async Task Chain_TokenRefusedBySts_FailsNamingAssumeRoleWithWebIdentityAndNoCustomerCall()
    {
        var provider = this.Provider(new StaticTokenCredential("a-token-sts-does-not-trust"));

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => provider.GetCredentialsAsync(Customer("d1"), CancellationToken.None).AsTask());

        var identity = Find<ServiceIdentityException>(ex);
        Assert.Contains("'STS AssumeRoleWithWebIdentity'", identity.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidIdentityToken", identity.Message, StringComparison.Ordinal);
        Assert.Contains(ServiceRole, identity.Message, StringComparison.Ordinal);
        Assert.Equal(["AssumeRoleWithWebIdentity"], this.sts.Calls.Select(c => c.Action));

        // As a run reports it: our step, not the customer's role or trust policy.
        var translated = Assert.IsType<PermanentRunException>(StorageErrors.Translate(ex, "CreateMultipartUpload", Customer("d1")));
        Assert.Contains("'STS AssumeRoleWithWebIdentity'", translated.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(CustomerRole, translated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runner_ServiceRoleArnWithStaticKeys_RefusedAtStart()
    {
        var ex = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => RunnerSession.StartAsync(
            servers,
            new Dictionary<string, string?> { ["Sts:ServiceRoleArn"] = ServiceRole }));

        Assert.Contains("Sts:SourceAccessKeyId must not be set with Sts:ServiceRoleArn", ex.Message, StringComparison.Ordinal);
    }

    private static Destination Customer(string id) => new()
    {
        TenantId = "tenant-a",
        DestinationId = id,
        Bucket = "tenant-a-exports",
        Region = "eu-west-1",
        AuthMethod = AuthMethod.AssumeRole,
        RoleArn = CustomerRole,
        ExternalId = ExternalId,
    };

    private static T Find<T>(Exception ex)
        where T : Exception
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        throw new Xunit.Sdk.XunitException($"No {typeof(T).Name} in: {ex}");
    }

    /// <summary>The chain as OrchestratorServiceCollectionExtensions.CreateSts builds it with Sts:ServiceRoleArn, on the test clock.</summary>
    private DestinationCredentialProvider Provider(TokenCredential token)
    {
        var config = new AmazonSecurityTokenServiceConfig { ServiceURL = this.sts.ServiceUrl, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 };
        var source = new WebIdentitySourceCredentials(
            token,
            "api://AzureADTokenExchange",
            ServiceRole,
            3600,
            new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), config),
            this.clock,
            NullLogger.Instance);
        var client = new AmazonSecurityTokenServiceClient(source, new AmazonSecurityTokenServiceConfig { ServiceURL = this.sts.ServiceUrl, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        return new DestinationCredentialProvider(
            new LocalFileSecretStore(Path.Combine(Path.GetTempPath(), $"orchestrator-web-identity-{Guid.NewGuid():N}.json")),
            new Lazy<IAmazonSecurityTokenService>(() => client),
            Microsoft.Extensions.Options.Options.Create(new SecretStoreOptions()),
            Microsoft.Extensions.Options.Options.Create(new StsOptions { DurationSeconds = 3600 }),
            this.clock,
            NullLogger<DestinationCredentialProvider>.Instance);
    }
}
