using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Destinations;
using Orchestrator.Domain;
using Orchestrator.IntegrationTests.Infrastructure;
using Xunit;

namespace Orchestrator.IntegrationTests.Cli;

/// <summary>
/// <c>orchestrator destination add</c> goes through <see cref="DestinationService"/>, the service behind
/// <c>POST /api/tenants/{tenant}/destinations</c>: an existing id is an error naming it unless <c>--replace</c>, paths
/// are normalised and checked by the same rules, and a role destination gets a generated ExternalId, printed.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class DestinationAddCliTests(ServersFixture servers)
{
    private const string SecretVariable = "ORCH_TEST_DESTINATION_SECRET";

    [Fact]
    public async Task DestinationAdd_IdExists_FailsNamingItAndKeepsTheStoredDestination()
    {
        await using var runner = await StartAsync();
        string[] first = Add(runner, "exists", "--bucket", "first-bucket", "--path", "first", "--access-key-id", servers.AccessKey, "--secret-from-env", SecretVariable);
        string[] second = Add(runner, "exists", "--bucket", "second-bucket", "--path", "second", "--access-key-id", servers.AccessKey, "--secret-from-env", SecretVariable);

        var (createdCode, createdOutput) = await this.RunAsync(runner, first);
        var (code, output) = await this.RunAsync(runner, second);

        Assert.True(createdCode == 0, createdOutput);
        Assert.Equal(1, code);
        Assert.Contains("'exists' already exists", output, StringComparison.Ordinal);
        Assert.Contains("--replace", output, StringComparison.Ordinal);
        var stored = await Stored(runner, "exists");
        Assert.Equal(("first-bucket", "first"), (stored.Bucket, stored.BucketPath));
    }

    [Fact]
    public async Task DestinationAdd_Replace_UpdatesNormalisedPathAndKeepsTheSecret()
    {
        await using var runner = await StartAsync();
        var (createdCode, createdOutput) = await this.RunAsync(
            runner, Add(runner, "replaced", "--bucket", "a-bucket", "--access-key-id", servers.AccessKey, "--secret-from-env", SecretVariable));
        var before = await Stored(runner, "replaced");

        var (code, output) = await this.RunAsync(
            runner, Add(runner, "replaced", "--bucket", "b-bucket", "--path", "/new//place/", "--access-key-id", servers.AccessKey, "--replace"));

        Assert.True(createdCode == 0, createdOutput);
        Assert.True(code == 0, output);
        var after = await Stored(runner, "replaced");
        Assert.Equal(("b-bucket", "new/place"), (after.Bucket, after.BucketPath));
        Assert.Equal((before.SecretName, before.SecretVersion), (after.SecretName, after.SecretVersion));
        Assert.Contains("s3://b-bucket/new/place", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DestinationAdd_PathWithDotDot_Exits2NamingBucketPathAndStoresNothing()
    {
        await using var runner = await StartAsync();

        var (code, output) = await this.RunAsync(
            runner, Add(runner, "escape", "--bucket", "a-bucket", "--path", "a/../b", "--access-key-id", servers.AccessKey, "--secret-from-env", SecretVariable));

        Assert.Equal(2, code);
        Assert.Contains("bucketPath", output, StringComparison.Ordinal);
        Assert.Null(await runner.App.Services.GetRequiredService<IDestinationStore>().GetAsync(runner.Tenant, "escape", CancellationToken.None));
    }

    [Fact]
    public async Task DestinationAdd_Role_PrintsTheGeneratedExternalId()
    {
        await using var runner = await StartAsync();

        var (code, output) = await this.RunAsync(
            runner, Add(runner, "by-role", "--bucket", "a-bucket", "--role-arn", "arn:aws:iam::123456789012:role/CustomerUploadRole"));

        Assert.True(code == 0, output);
        var stored = await Stored(runner, "by-role");
        Assert.Equal(AuthMethod.AssumeRole, stored.AuthMethod);
        Assert.StartsWith("orch-", stored.ExternalId, StringComparison.Ordinal);
        Assert.Contains("ExternalId " + stored.ExternalId, output, StringComparison.Ordinal);
    }

    private static string[] Add(RunnerSession runner, string id, params string[] rest) =>
        ["destination", "add", "--tenant", runner.Tenant, "--id", id, .. rest];

    private static async Task<Destination> Stored(RunnerSession runner, string id) =>
        (await runner.App.Services.GetRequiredService<IDestinationStore>().GetAsync(runner.Tenant, id, CancellationToken.None))!;

    private Task<RunnerSession> StartAsync() =>
        RunnerSession.StartAsync(servers, new Dictionary<string, string?> { ["Secrets:LocalFile"] = RunnerSession.SecretsFile("cli-add") });

    private Task<(int ExitCode, string Output)> RunAsync(RunnerSession runner, string[] args) =>
        CliProcess.RunAsync(
            RunnerSession.BaseSettings(servers, runner.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Orchestrator.Options.SecretStoreOptions>>().Value.LocalFile!),
            args,
            new Dictionary<string, string> { [SecretVariable] = servers.SecretKey });
}
