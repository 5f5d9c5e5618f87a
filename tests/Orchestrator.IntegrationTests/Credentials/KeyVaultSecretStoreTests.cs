using System.Security.Authentication;
using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Credentials;
using Orchestrator.IntegrationTests.Infrastructure.KeyVault;
using Xunit;

namespace Orchestrator.IntegrationTests.Credentials;

/// <summary>The Key Vault secret store through the real <see cref="SecretClient"/> against the HTTPS test responder.</summary>
public sealed class KeyVaultSecretStoreTests : IAsyncLifetime
{
    private readonly KeyVaultResponder vault = new();
    private readonly StaticTokenCredential credential = new();
    private readonly string secretValue = "wJalrXUtnFEMI/K7MDENG+bPxRfiCY=" + Guid.NewGuid().ToString("N");
    private KeyVaultSecretStore store = null!;

    public async Task InitializeAsync()
    {
        await this.vault.StartAsync();
        this.store = new KeyVaultSecretStore(this.vault.CreateClient(this.credential));
    }

    public async Task DisposeAsync() => await this.vault.DisposeAsync();

    [Fact]
    public async Task SetSecretAsync_ThenGet_ReturnsValue()
    {
        string version = await this.store.SetSecretAsync("dest-t1-d1-0a1b2c3d", this.secretValue, CancellationToken.None);

        Assert.Equal(this.secretValue, await this.store.GetSecretAsync("dest-t1-d1-0a1b2c3d", null, CancellationToken.None));
        var stored = this.vault.Secrets["dest-t1-d1-0a1b2c3d"];
        Assert.Equal(version, stored.Version);
        Assert.Equal(this.secretValue, stored.Value);
    }

    [Fact]
    public async Task SetSecretAsync_Rotate_ReturnsNewVersionAndGetReturnsNewValue()
    {
        string first = await this.store.SetSecretAsync("rotated", "old-" + this.secretValue, CancellationToken.None);
        string second = await this.store.SetSecretAsync("rotated", this.secretValue, CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(first));
        Assert.NotEqual(first, second);
        Assert.Equal(this.secretValue, await this.store.GetSecretAsync("rotated", null, CancellationToken.None));
        Assert.Equal([first, second], this.vault.Versions("rotated").Select(v => v.Version));
    }

    [Fact]
    public async Task DeleteSecretAsync_ThenGet_ThrowsSecretNotFound()
    {
        await this.store.SetSecretAsync("deleted", this.secretValue, CancellationToken.None);

        await this.store.DeleteSecretAsync("deleted", CancellationToken.None);

        var ex = await Assert.ThrowsAsync<SecretNotFoundException>(() => this.store.GetSecretAsync("deleted", null, CancellationToken.None));
        Assert.Contains("deleted", ex.Message, StringComparison.Ordinal);
        Assert.Empty(this.vault.Secrets);
        Assert.Contains("deleted", this.vault.DeletedSecretNames);
    }

    [Fact]
    public async Task DeleteSecretAsync_NeverSet_Succeeds()
    {
        await this.store.DeleteSecretAsync("never-set", CancellationToken.None);

        Assert.Contains(this.vault.Requests, r => r.Method == "DELETE" && r.StatusCode == 404);
    }

    [Fact]
    public async Task GetSecretAsync_NeverSet_ThrowsSecretNotFound()
    {
        var ex = await Assert.ThrowsAsync<SecretNotFoundException>(() => this.store.GetSecretAsync("never-set", null, CancellationToken.None));

        var inner = Assert.IsType<Azure.RequestFailedException>(ex.InnerException);
        Assert.Equal("SecretNotFound", inner.ErrorCode);
    }

    [Fact]
    public async Task GetSecretAsync_ForbiddenName_ThrowsSecretAccessDenied()
    {
        this.vault.SetSecret("no-rbac", this.secretValue);
        this.vault.Forbid("no-rbac");

        var ex = await Assert.ThrowsAsync<SecretAccessDeniedException>(() => this.store.GetSecretAsync("no-rbac", null, CancellationToken.None));

        Assert.Contains("Key Vault Secrets User", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(this.secretValue, ex.ToString(), StringComparison.Ordinal);
        var inner = Assert.IsType<Azure.RequestFailedException>(ex.InnerException);
        Assert.Equal(403, inner.Status);
        Assert.Equal("Forbidden", inner.ErrorCode);
    }

    [Fact]
    public async Task SetSecretAsync_ForbiddenName_ThrowsSecretAccessDenied()
    {
        this.vault.Forbid("no-rbac");

        var ex = await Assert.ThrowsAsync<SecretAccessDeniedException>(() => this.store.SetSecretAsync("no-rbac", this.secretValue, CancellationToken.None));

        Assert.Contains("Key Vault Secrets Officer", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(this.secretValue, ex.ToString(), StringComparison.Ordinal);
        Assert.Empty(this.vault.Secrets);
    }

    [Fact]
    public async Task DeleteSecretAsync_ForbiddenName_ThrowsSecretAccessDenied()
    {
        this.vault.SetSecret("no-rbac", this.secretValue);
        this.vault.Forbid("no-rbac");

        await Assert.ThrowsAsync<SecretAccessDeniedException>(() => this.store.DeleteSecretAsync("no-rbac", CancellationToken.None));

        Assert.Equal(this.secretValue, this.vault.Secrets["no-rbac"].Value);
    }

    [Fact]
    public async Task Requests_FirstWithoutToken_GetsChallengeThenLaterCarryBearerToken()
    {
        await this.store.SetSecretAsync("flow", this.secretValue, CancellationToken.None);
        await this.store.GetSecretAsync("flow", null, CancellationToken.None);

        var requests = this.vault.Requests;
        Assert.True(requests.Count >= 3, $"Expected challenge + set + get, got {requests.Count} requests.");
        Assert.False(requests[0].HadBearerToken);
        Assert.Equal(401, requests[0].StatusCode);
        Assert.All(requests.Skip(1), r => Assert.True(r.HadBearerToken, $"{r.Method} {r.Path} carried no bearer token."));
        Assert.Equal(("PUT", 200), (requests[1].Method, requests[1].StatusCode));
        Assert.Equal(("GET", 200), (requests[^1].Method, requests[^1].StatusCode));
        Assert.Single(requests, r => r.StatusCode == 401);
    }

    [Fact]
    public async Task GetToken_AfterChallenge_RequestsVaultScopeForChallengeTenant()
    {
        await this.store.SetSecretAsync("scope", this.secretValue, CancellationToken.None);

        Assert.NotEmpty(this.credential.Requests);
        Assert.All(this.credential.Requests, r => Assert.Equal([KeyVaultResponder.ExpectedScope], r.Scopes));
        Assert.Equal("https://vault.azure.net/.default", KeyVaultResponder.ExpectedScope);
        Assert.All(this.credential.Requests, r => Assert.Equal(KeyVaultResponder.TenantId, r.TenantId));
    }

    [Fact]
    public async Task Requests_SetGetRotateDelete_NeverCarrySecretValueInUrl()
    {
        await this.store.SetSecretAsync("url-check", this.secretValue, CancellationToken.None);
        await this.store.GetSecretAsync("url-check", null, CancellationToken.None);
        await this.store.SetSecretAsync("url-check", this.secretValue + "-2", CancellationToken.None);
        await this.store.DeleteSecretAsync("url-check", CancellationToken.None);

        var requests = this.vault.Requests;
        Assert.Equal(5, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.DoesNotContain(this.secretValue, r.Url, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(this.secretValue), r.Url, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task SecretClient_DefaultTransport_RejectsResponderCertificate()
    {
        var options = new SecretClientOptions { DisableChallengeResourceVerification = true };
        options.Retry.MaxRetries = 0;
        var untrusting = new KeyVaultSecretStore(new SecretClient(this.vault.VaultUri, this.credential, options));

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => untrusting.GetSecretAsync("any", null, CancellationToken.None));

        Assert.Contains(Chain(ex), e => e is AuthenticationException);
        Assert.Empty(this.vault.Requests);
    }

    [Fact]
    public async Task CreateClientOptions_OtherRespondersCertificate_IsRejected()
    {
        await using var other = await KeyVaultResponder.StartNewAsync();
        var options = this.vault.CreateClientOptions();
        options.Retry.MaxRetries = 0;
        var pinnedToThisVault = new KeyVaultSecretStore(new SecretClient(other.VaultUri, this.credential, options));

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => pinnedToThisVault.GetSecretAsync("any", null, CancellationToken.None));

        Assert.Contains(Chain(ex), e => e is AuthenticationException);
        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task AddOrchestratorCore_WithResponderServices_ResolvesKeyVaultStoreUsingResponder()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(this.vault.RunnerSettings).Build();
        var services = new ServiceCollection();
        services.AddOrchestratorCore(configuration);
        this.vault.AddTo(services, this.credential);
        await using var provider = services.BuildServiceProvider();

        var secrets = provider.GetRequiredService<ISecretStore>();
        await secrets.SetSecretAsync("from-di", this.secretValue, CancellationToken.None);

        Assert.IsType<KeyVaultSecretStore>(secrets);
        Assert.Equal(this.secretValue, await secrets.GetSecretAsync("from-di", null, CancellationToken.None));
        Assert.Contains(KeyVaultResponder.ExpectedScope, this.credential.RequestedScopes);
    }

    private static IEnumerable<Exception> Chain(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
