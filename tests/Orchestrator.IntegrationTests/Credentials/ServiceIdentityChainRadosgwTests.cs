using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Azure.Core;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Destinations;
using Orchestrator.Domain;
using Orchestrator.Iam;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.Oidc;
using Orchestrator.Runs;
using Xunit;

namespace Orchestrator.IntegrationTests.Credentials;

/// <summary>
/// The service's own AWS identity (issue 13 item 6) against radosgw's real AssumeRoleWithWebIdentity: a test OIDC issuer
/// (HTTPS, self-signed, RS256) stands in for Entra ID as the product's <see cref="TokenCredential"/>; radosgw has it as an
/// OpenID Connect provider (CreateOpenIDConnectProvider with its client id and thumbprint) and fetches its discovery
/// document and JWKS to verify each token's signature, issuer and aud. The service role trusts that provider (Federated
/// principal, condition on <c>host:port:app_id</c>) and may sts:AssumeRole the customer role, which trusts the service role.
/// No static source keys are configured: an export's bytes land in the customer's bucket only if the whole chain works.
/// radosgw 16 does not evaluate sts:ExternalId, so the customer trust has no ExternalId condition (the responder-based
/// <see cref="WebIdentityChainTests"/> and AssumeRoleCredentialTests cover it). See docs/security-aws.md.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ServiceIdentityChainRadosgwTests(ServersFixture servers) : IAsyncLifetime
{
    private const string Audience = "api://orchestrator-rgw-test";
    private const string Subject = "00000000-0000-0000-0000-00000000abcd"; // the managed identity's principal id

    private readonly string unique = Guid.NewGuid().ToString("N")[..10];
    private TestOidcIssuer issuer = null!;

    private string ServiceRole => "OrchService" + this.unique;

    private string ServiceRoleArn => $"arn:aws:iam:::role/{this.ServiceRole}";

    private string CustomerRole => "OrchCustomer" + this.unique;

    private string CustomerRoleArn => $"arn:aws:iam:::role/{this.CustomerRole}";

    public async Task InitializeAsync()
    {
        this.issuer = await TestOidcIssuer.StartAsync();
        await RgwOidcProviders.CreateAsync(servers.S3Endpoint, servers.AccessKey, servers.SecretKey, this.issuer.Issuer, Audience, this.issuer.Thumbprint);

        string host = this.issuer.HostAndPort;
        var serviceTrust = new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray(new JsonObject
            {
                ["Effect"] = "Allow",
                ["Principal"] = new JsonObject { ["Federated"] = new JsonArray($"arn:aws:iam:::oidc-provider/{host}") },
                ["Action"] = new JsonArray("sts:AssumeRoleWithWebIdentity"),
                ["Condition"] = new JsonObject { ["StringEquals"] = new JsonObject { [$"{host}:app_id"] = Audience } },
            }),
        };
        await Admin("role", "create", $"--role-name={this.ServiceRole}", "--path=/", "--assume-role-policy-doc=" + serviceTrust.ToJsonString());
        await Admin(
            "role-policy", "put", $"--role-name={this.ServiceRole}", "--policy-name=AssumeCustomerRoles",
            "--policy-doc=" + Statement("sts:AssumeRole", this.CustomerRoleArn).ToJsonString());

        var customerTrust = new JsonObject
        {
            ["Version"] = "2012-10-17",
            ["Statement"] = new JsonArray(new JsonObject
            {
                ["Effect"] = "Allow",
                ["Principal"] = new JsonObject { ["AWS"] = new JsonArray(this.ServiceRoleArn) },
                ["Action"] = new JsonArray("sts:AssumeRole"),
            }),
        };
        await Admin("role", "create", $"--role-name={this.CustomerRole}", "--path=/", "--assume-role-policy-doc=" + customerTrust.ToJsonString());
    }

    public async Task DisposeAsync() => await this.issuer.DisposeAsync();

    [Fact]
    public async Task Export_ServiceIdentityFromOidcToken_RadosgwVerifiesTheTokenAndTheBytesLandInTheCustomerBucket()
    {
        var token = new IssuerTokenCredential(this.issuer, Subject);
        await using var runner = await this.StartRunnerAsync(token, Audience);
        var destination = await this.CreateDestinationAsync(runner);

        var run = await runner.RunExportAsync(runner.Request(destination));

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, InstanceFailure.MessageOf(run));
        // Written by the web-identity session's principal (radosgw names it $oidc$<sub>); the ACL lets the bucket owner read.
        using var owner = servers.AdminS3();
        var listing = await owner.ListObjectsV2Async(new ListObjectsV2Request { BucketName = destination.Bucket, Prefix = destination.BucketPath });
        Assert.NotEmpty(listing.S3Objects);
        Assert.Contains(listing.S3Objects, o => o.Size > 0);
        foreach (var exported in listing.S3Objects)
        {
            using var get = await owner.GetObjectAsync(destination.Bucket, exported.Key);
            using var copy = new MemoryStream();
            await get.ResponseStream.CopyToAsync(copy);
            Assert.Equal(exported.Size, copy.Length);
        }

        // The token really went through radosgw's verification: it asked the managed identity for our audience and fetched the issuer's keys.
        Assert.All(token.RequestedScopes, s => Assert.Equal(Audience + "/.default", s));
        Assert.NotEmpty(token.RequestedScopes);
        Assert.Contains("/.well-known/openid-configuration", this.issuer.Fetches);
        Assert.Contains("/protocol/openid-connect/certs", this.issuer.Fetches);
    }

    [Fact]
    public async Task Export_TokenSignedByAnotherKey_FailsNamingTheAssumeRoleWithWebIdentityStep()
    {
        await using var runner = await this.StartRunnerAsync(new IssuerTokenCredential(this.issuer, Subject, signWithForeignKey: true), Audience);

        await this.AssertRunFailsAtTheWebIdentityStepAsync(runner);

        Assert.Contains("/protocol/openid-connect/certs", this.issuer.Fetches); // refused after the signature check, not before
    }

    [Fact]
    public async Task Export_TokenForAnotherAudience_FailsNamingTheAssumeRoleWithWebIdentityStep()
    {
        await using var runner = await this.StartRunnerAsync(new IssuerTokenCredential(this.issuer, Subject), "api://not-registered-with-the-provider");

        await this.AssertRunFailsAtTheWebIdentityStepAsync(runner);
    }

    private static JsonObject Statement(string action, string resource) => new()
    {
        ["Version"] = "2012-10-17",
        ["Statement"] = new JsonArray(new JsonObject { ["Effect"] = "Allow", ["Action"] = new JsonArray(action), ["Resource"] = new JsonArray(resource) }),
    };

    private Task<string> Admin(params string[] args) => Repo.RunScriptAsync("rgw-admin.sh", [servers.RgwDir, .. args]);

    private async Task AssertRunFailsAtTheWebIdentityStepAsync(RunnerSession runner)
    {
        var destination = await this.CreateDestinationAsync(runner);

        var run = await runner.RunExportAsync(runner.Request(destination));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        string error = InstanceFailure.MessageOf(run) ?? string.Empty;
        Assert.Contains("'STS AssumeRoleWithWebIdentity'", error, StringComparison.Ordinal);
        Assert.Contains(this.ServiceRoleArn, error, StringComparison.Ordinal);
        Assert.DoesNotContain(this.CustomerRoleArn, error, StringComparison.Ordinal); // our identity, not the customer's trust policy
        using var owner = servers.AdminS3();
        var listing = await owner.ListObjectsV2Async(new ListObjectsV2Request { BucketName = destination.Bucket });
        Assert.Empty(listing.S3Objects ?? []);
    }

    private Task<RunnerSession> StartRunnerAsync(TokenCredential token, string audience) => RunnerSession.StartAsync(
        servers,
        new Dictionary<string, string?>
        {
            ["Sts:SourceAccessKeyId"] = null,
            ["Sts:SourceSecretAccessKey"] = null,
            ["Sts:ServiceRoleArn"] = this.ServiceRoleArn,
            ["Sts:WebIdentityAudience"] = audience,
            ["Sts:TrustedPrincipalArns:0"] = this.ServiceRoleArn,
        },
        services => services.AddSingleton(token));

    private async Task<Destination> CreateDestinationAsync(RunnerSession runner)
    {
        string bucket = "oidc-" + runner.Tenant;
        using (var owner = servers.AdminS3())
        {
            await owner.PutBucketAsync(bucket);
        }

        var stored = await runner.App.Services.GetRequiredService<DestinationService>().CreateAsync(
            new DestinationDraft(
                runner.Tenant, "by-service-identity", AuthMethod.AssumeRole, bucket, "us-east-1", "exports", null, null, this.CustomerRoleArn,
                WriteSettings: new ObjectWriteSettings(Acl: ObjectAcl.BucketOwnerFullControl)),
            CancellationToken.None);
        await Admin(
            "role-policy", "put", $"--role-name={this.CustomerRole}", "--policy-name=Export",
            "--policy-doc=" + IamPolicyGenerator.PermissionPolicy(stored.Destination).ToJsonString());
        return stored.Destination;
    }
}
