using System.Diagnostics;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.DurableTask.Client;
using Orchestrator.Domain;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.Faults;
using Orchestrator.Runner.Cli;
using Orchestrator.S3;
using Xunit;

namespace Orchestrator.IntegrationTests.Reliability;

/// <summary>
/// A radosgw user of its own with two S3 keys: the one the destination uses, which a scenario revokes mid-run (and
/// may restore), and the bucket owner's other key, which keeps working (to set up the bucket and check or clean it).
/// </summary>
internal sealed class RevocableS3User : IDisposable
{
    private readonly ServersFixture servers;
    private readonly string uid;

    private RevocableS3User(ServersFixture servers, string uid, string accessKey, string secretKey, string ownerSecretKey, AmazonS3Client owner)
    {
        this.servers = servers;
        this.uid = uid;
        this.AccessKey = accessKey;
        this.SecretKey = secretKey;
        this.OwnerSecretKey = ownerSecretKey;
        this.Owner = owner;
    }

    /// <summary>The destination's access key (revocable).</summary>
    public string AccessKey { get; }

    public string SecretKey { get; }

    public string OwnerSecretKey { get; }

    /// <summary>A client signed with the owner's other key.</summary>
    public AmazonS3Client Owner { get; }

    /// <summary>Creates the user and its two keys (20-character access keys, as AWS issues them); <paramref name="prefix"/> (lowercase letters) names it.</summary>
    public static async Task<RevocableS3User> CreateAsync(ServersFixture servers, string prefix)
    {
        string unique = Guid.NewGuid().ToString("N")[..10];
        string uid = prefix + unique;
        string accessKey = "AKIAR" + Guid.NewGuid().ToString("N")[..15].ToUpperInvariant();
        string secretKey = prefix + "RevocableSecret" + Guid.NewGuid().ToString("N");
        string ownerKey = "AKIAO" + Guid.NewGuid().ToString("N")[..15].ToUpperInvariant();
        string ownerSecret = prefix + "OwnerSecret" + Guid.NewGuid().ToString("N");
        await Repo.RunScriptAsync("rgw-admin.sh", servers.RgwDir, "user", "create", $"--uid={uid}", "--display-name=Revocable " + prefix, $"--access-key={accessKey}", $"--secret-key={secretKey}");
        await Repo.RunScriptAsync("rgw-admin.sh", servers.RgwDir, "key", "create", $"--uid={uid}", "--key-type=s3", $"--access-key={ownerKey}", $"--secret-key={ownerSecret}");
        var owner = new AmazonS3Client(new BasicAWSCredentials(ownerKey, ownerSecret), S3ClientProvider.CreateConfig(servers.S3Options, "us-east-1"));
        return new RevocableS3User(servers, uid, accessKey, secretKey, ownerSecret, owner);
    }

    /// <summary>The secrets a scenario's secret scan must not find.</summary>
    public IEnumerable<(string What, string Value)> Secrets => [("revocable secret key", this.SecretKey), ("owner secret key", this.OwnerSecretKey)];

    /// <summary>Registers an access-key destination with the revocable key (its secret into the runner's secret store).</summary>
    public Task<Destination> AddDestinationAsync(RunnerSession runner, string destinationId, string bucket, string bucketPath) =>
        runner.CreateDestinationAsync(DestinationCommand.Draft(runner.Tenant, destinationId, bucket, "us-east-1", bucketPath, this.AccessKey, this.SecretKey, roleArn: null));

    /// <summary>Removes the destination's key at radosgw.</summary>
    public Task RevokeAsync() =>
        Repo.RunScriptAsync("rgw-admin.sh", this.servers.RgwDir, "key", "rm", $"--uid={this.uid}", "--key-type=s3", $"--access-key={this.AccessKey}");

    /// <summary>Gives the destination's key back, as the customer would after fixing it.</summary>
    public Task RestoreAsync() =>
        Repo.RunScriptAsync("rgw-admin.sh", this.servers.RgwDir, "key", "create", $"--uid={this.uid}", "--key-type=s3", $"--access-key={this.AccessKey}", $"--secret-key={this.SecretKey}");

    /// <summary>
    /// Waits until the proxy holds the network (a blackhole armed by the scenario), revokes the key, and waits for the
    /// run to end: it must fail with an S3 access error within 30 s (not through the ~90 s transient retry policy).
    /// Returns the run, when the key was revoked, and how long the run took to fail after that.
    /// </summary>
    public async Task<(OrchestrationMetadata Run, DateTimeOffset RevokedAt, TimeSpan FailedAfter)> RevokeDuringHoldAsync(
        TcpFaultProxy proxy, RunnerSession runner, string instanceId)
    {
        await proxy.WaitUntilHeldAsync();

        await this.RevokeAsync();
        var revokedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var run = await runner.WaitAsync(instanceId, TimeSpan.FromMinutes(2));
        var failedAfter = clock.Elapsed;

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        AssertAccessError(run.FailureDetails?.ErrorMessage);
        Assert.True(failedAfter < TimeSpan.FromSeconds(30), $"took {failedAfter} to fail after the revocation (a permanent error must not go through the ~90 s transient retry policy)");
        return (run, revokedAt, failedAfter);
    }

    /// <summary>The error names the S3 access failure.</summary>
    public static void AssertAccessError(string? error) =>
        Assert.True(
            error is not null && (error.Contains("InvalidAccessKeyId", StringComparison.Ordinal) || error.Contains("AccessDenied", StringComparison.Ordinal)),
            error);

    public void Dispose() => this.Owner.Dispose();
}
