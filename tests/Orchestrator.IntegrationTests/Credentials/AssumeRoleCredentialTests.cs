using System.Net;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Credentials;
using Orchestrator.Domain;
using Orchestrator.Errors;
using Orchestrator.IntegrationTests.Infrastructure.Sts;
using Orchestrator.Options;
using Xunit;
using Orchestrator.Runs;

namespace Orchestrator.IntegrationTests.Credentials;

/// <summary>
/// <see cref="DestinationCredentialProvider"/> with the real AWSSDK STS client against the in-process
/// <see cref="StsResponder"/>: ExternalId, session name, error classification, caching, invalidation.
/// </summary>
public sealed class AssumeRoleCredentialTests : IAsyncLifetime
{
    private const string RoleArn = "arn:aws:iam::444455556666:role/analytics-export";
    private const string ExternalId = "tenant-a-7f3a9c21";
    private const int DurationSeconds = 1800;

    private static readonly Destination RoleDestination = new()
    {
        TenantId = "tenant-a",
        DestinationId = "dest-1",
        Bucket = "tenant-a-exports",
        Region = "eu-west-1",
        AuthMethod = AuthMethod.AssumeRole,
        RoleArn = RoleArn,
        ExternalId = ExternalId,
    };

    private readonly ManualTimeProvider clock = new();
    private readonly string secretsFile = Path.Combine(Path.GetTempPath(), $"orchestrator-sts-secrets-{Guid.NewGuid():N}.json");
    private StsResponder sts = null!;
    private AmazonSecurityTokenServiceClient client = null!;
    private LocalFileSecretStore secrets = null!;
    private DestinationCredentialProvider provider = null!;

    public async Task InitializeAsync()
    {
        this.sts = await StsResponder.StartAsync(this.clock);
        this.sts.AddRole(RoleArn, requiredExternalId: ExternalId, credentialLifetime: TimeSpan.FromHours(1));

        // Configured as OrchestratorServiceCollectionExtensions.CreateSts does with S3:StsServiceUrl and Sts:Source*.
        this.client = this.sts.CreateClient();
        this.secrets = new LocalFileSecretStore(this.secretsFile);
        this.provider = new DestinationCredentialProvider(
            this.secrets,
            new Lazy<IAmazonSecurityTokenService>(() => this.client),
            Microsoft.Extensions.Options.Options.Create(new SecretStoreOptions { LocalFile = this.secretsFile }),
            Microsoft.Extensions.Options.Options.Create(new StsOptions { DurationSeconds = DurationSeconds }),
            this.clock,
            NullLogger<DestinationCredentialProvider>.Instance);
    }

    public async Task DisposeAsync()
    {
        this.client.Dispose();
        this.secrets.Dispose();
        await this.sts.DisposeAsync();
        File.Delete(this.secretsFile);
    }

    [Fact]
    public async Task GetCredentials_AssumeRole_SendsExternalIdSessionNameAndDurationOnEveryCall()
    {
        await this.provider.GetCredentialsAsync(RoleDestination, CancellationToken.None);
        this.provider.Invalidate(RoleDestination);
        await this.provider.GetCredentialsAsync(RoleDestination, CancellationToken.None);

        var calls = this.sts.Calls;
        Assert.Equal(2, calls.Count);
        Assert.All(calls, call =>
        {
            Assert.Equal("AssumeRole", call.Action);
            Assert.Equal("2011-06-15", call.Version);
            Assert.Equal(RoleArn, call.RoleArn);
            Assert.Equal(ExternalId, call.ExternalId);
            Assert.Equal("orchestrator-tenant-a-dest-1", call.RoleSessionName);
            Assert.Equal(DurationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), call.DurationSeconds);
            Assert.Equal("sts", call.SigningService);
            Assert.Equal("us-east-1", call.SigningRegion);
            Assert.Equal(StsResponder.SourceAccessKeyId, call.SigningAccessKeyId);
            Assert.Equal(HttpStatusCode.OK, call.Status);
        });
    }

    [Fact]
    public async Task GetCredentials_ExternalIdMatches_ReturnsExactlyTheIssuedCredentials()
    {
        var credentials = await this.provider.GetCredentialsAsync(RoleDestination, CancellationToken.None);

        var issued = Assert.Single(this.sts.Issued);
        Assert.StartsWith("ASIA", issued.AccessKeyId, StringComparison.Ordinal);
        Assert.Contains(StsResponder.SessionTokenMarker, issued.SessionToken, StringComparison.Ordinal);
        Assert.Equal(issued.AccessKeyId, credentials.AccessKey);
        Assert.Equal(issued.SecretAccessKey, credentials.SecretKey);
        Assert.Equal(issued.SessionToken, credentials.Token);
        Assert.True(credentials.UseToken);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task GetCredentials_NoExternalId_PermanentErrorNamingTheFixAndStsNeverCalled(string? externalId)
    {
        var destination = RoleDestination with { ExternalId = externalId };

        var ex = await Assert.ThrowsAsync<PermanentRunException>(() => this.provider.GetCredentialsAsync(destination, CancellationToken.None).AsTask());

        Assert.Contains("no ExternalId", ex.Message, StringComparison.Ordinal);
        Assert.Contains("rotate-external-id", ex.Message, StringComparison.Ordinal);
        Assert.Empty(this.sts.Calls);
    }

    [Theory]
    [InlineData("someone-elses-id")]
    public async Task GetCredentials_ExternalIdMismatch_PermanentErrorNamingTrustPolicyAndExternalId(string? externalId)
    {
        var destination = RoleDestination with { ExternalId = externalId };

        var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => this.provider.GetCredentialsAsync(destination, CancellationToken.None).AsTask());

        Assert.Equal("AccessDenied", ex.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Equal(ErrorType.Sender, ex.ErrorType);
        Assert.False(StorageErrors.IsTransient(ex));
        var translated = Assert.IsType<PermanentRunException>(StorageErrors.Translate(ex, "AssumeRole", destination.Bucket));
        Assert.Contains("trust policy", translated.Message, StringComparison.Ordinal);
        Assert.Contains("ExternalId", translated.Message, StringComparison.Ordinal);
        Assert.Contains($"is not authorized to perform: sts:AssumeRole on resource: {RoleArn}", translated.Message, StringComparison.Ordinal);
        Assert.Contains(destination.Bucket, translated.Message, StringComparison.Ordinal);
        Assert.Equal(externalId, Assert.Single(this.sts.Calls).ExternalId);

        // A failure is not cached: the next attempt asks STS again.
        await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => this.provider.GetCredentialsAsync(destination, CancellationToken.None).AsTask());
        Assert.Equal(2, this.sts.Calls.Count);
    }

    [Fact]
    public async Task GetCredentials_UnknownRole_PermanentErrorSayingRoleDoesNotExist()
    {
        var destination = RoleDestination with { RoleArn = "arn:aws:iam::444455556666:role/no-such-role" };

        var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => this.provider.GetCredentialsAsync(destination, CancellationToken.None).AsTask());

        Assert.Equal("NoSuchEntity", ex.ErrorCode);
        Assert.False(StorageErrors.IsTransient(ex));
        var translated = Assert.IsType<PermanentRunException>(StorageErrors.Translate(ex, "AssumeRole", destination.Bucket));
        Assert.Contains("role does not exist", translated.Message, StringComparison.Ordinal);
        Assert.Contains("role ARN", translated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCredentials_ThrottledBeyondSdkRetries_TransientAndLaterCallSucceeds()
    {
        this.sts.Role(RoleArn).ThrottleNext(1000);

        var ex = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => this.provider.GetCredentialsAsync(RoleDestination, CancellationToken.None).AsTask());

        Assert.Equal("Throttling", ex.ErrorCode);
        Assert.True(StorageErrors.IsTransient(ex));
        Assert.IsType<TransientStorageException>(StorageErrors.Translate(ex, "AssumeRole", RoleDestination.Bucket));
        Assert.All(this.sts.Calls, call => Assert.Equal("Throttling", call.ErrorCode));

        // The orchestration retries later; by then STS answers again and nothing failed is cached.
        this.sts.Role(RoleArn).ThrottleNext(0);
        var credentials = await this.provider.GetCredentialsAsync(RoleDestination, CancellationToken.None);
        Assert.Equal(Assert.Single(this.sts.Issued).AccessKeyId, credentials.AccessKey);
    }

    [Fact]
    public async Task GetCredentials_ThrottledOnce_SdkRetryAbsorbsIt()
    {
        this.sts.Role(RoleArn).ThrottleNext(1);

        var credentials = await this.provider.GetCredentialsAsync(RoleDestination, CancellationToken.None);

        Assert.Equal(["Throttling", null], this.sts.Calls.Select(c => c.ErrorCode));
        Assert.Equal(Assert.Single(this.sts.Issued).AccessKeyId, credentials.AccessKey);
    }

    [Fact]
    public async Task GetCredentials_WithinLifetime_CachedUntilFiveMinutesBeforeExpiration()
    {
        var first = await this.provider.GetCredentialsAsync(RoleDestination, CancellationToken.None);
        var second = await this.provider.GetCredentialsAsync(RoleDestination, CancellationToken.None);
        Assert.Same(first, second);
        Assert.Single(this.sts.Calls);

        // Issued for 1 h: still reused at expiration - 5 min - 1 s.
        this.clock.Advance(TimeSpan.FromMinutes(55) - TimeSpan.FromSeconds(1));
        Assert.Equal(first.AccessKey, (await this.provider.GetCredentialsAsync(RoleDestination, CancellationToken.None)).AccessKey);
        Assert.Single(this.sts.Calls);

        // At expiration - 5 min: a new AssumeRole and new credentials.
        this.clock.Advance(TimeSpan.FromSeconds(1));
        var renewed = await this.provider.GetCredentialsAsync(RoleDestination, CancellationToken.None);
        Assert.Equal(2, this.sts.Calls.Count);
        Assert.NotEqual(first.AccessKey, renewed.AccessKey);
        Assert.NotEqual(first.Token, renewed.Token);
        Assert.Equal(this.sts.Issued[1].AccessKeyId, renewed.AccessKey);
        Assert.Equal(this.sts.Issued[1].SessionToken, renewed.Token);

        // The renewed credentials are cached in turn.
        Assert.Same(renewed, await this.provider.GetCredentialsAsync(RoleDestination, CancellationToken.None));
        Assert.Equal(2, this.sts.Calls.Count);
    }

    [Fact]
    public async Task Invalidate_AfterExpiredToken_NextCallAssumesRoleAgain()
    {
        var first = await this.provider.GetCredentialsAsync(RoleDestination, CancellationToken.None);

        this.provider.Invalidate(RoleDestination);
        var second = await this.provider.GetCredentialsAsync(RoleDestination, CancellationToken.None);

        Assert.Equal(2, this.sts.Calls.Count);
        Assert.NotEqual(first.AccessKey, second.AccessKey);
        Assert.Equal(this.sts.Issued[1].AccessKeyId, second.AccessKey);
        Assert.Equal(ExternalId, this.sts.Calls[1].ExternalId);
    }

    [Fact]
    public async Task GetCredentials_DestinationExternalIdEdited_AssumesRoleAgainWithNewId()
    {
        await this.provider.GetCredentialsAsync(RoleDestination, CancellationToken.None);
        this.sts.Role(RoleArn).RequiredExternalId = "rotated-external-id";

        var edited = RoleDestination with { ExternalId = "rotated-external-id" };
        var credentials = await this.provider.GetCredentialsAsync(edited, CancellationToken.None);

        Assert.Equal(2, this.sts.Calls.Count);
        Assert.Equal("rotated-external-id", this.sts.Calls[1].ExternalId);
        Assert.Equal(this.sts.Issued[1].AccessKeyId, credentials.AccessKey);
    }

    [Fact]
    public async Task GetCredentials_TwentyConcurrentCallers_OneAssumeRole()
    {
        this.sts.ResponseDelay = TimeSpan.FromMilliseconds(300);
        using var start = new ManualResetEventSlim();

        var callers = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await this.provider.GetCredentialsAsync(RoleDestination, CancellationToken.None);
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(callers);

        var call = Assert.Single(this.sts.Calls);
        Assert.Equal(HttpStatusCode.OK, call.Status);
        Assert.All(results, r => Assert.Equal(call.Issued!.AccessKeyId, r.AccessKey));
    }

    [Fact]
    public async Task GetCredentials_LifetimeShorterThanRefreshMargin_ReturnsThemWithoutCallingStsInALoop()
    {
        // STS decides the lifetime (and our clock may run ahead of AWS's): credentials that are already inside the
        // 5-minute refresh margin when they arrive must still be used once, not re-requested forever.
        this.sts.Role(RoleArn).CredentialLifetime = TimeSpan.FromMinutes(4);

        var call = this.provider.GetCredentialsAsync(RoleDestination, CancellationToken.None).AsTask();
        var finished = await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(5)));
        int calls = this.sts.Calls.Count;
        this.sts.RemoveRole(RoleArn); // stops a runaway loop (NoSuchEntity ends it)

        Assert.True(finished == call, $"GetCredentialsAsync did not return within 5 s; AssumeRole was called {calls} times");
        Assert.Equal(1, calls);
        Assert.Equal(this.sts.Issued[0].AccessKeyId, (await call).AccessKey);
    }
}
