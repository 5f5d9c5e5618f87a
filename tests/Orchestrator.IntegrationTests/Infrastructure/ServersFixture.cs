using Amazon.Runtime;
using Amazon.S3;
using Orchestrator.Domain;
using Orchestrator.Options;
using Orchestrator.S3;
using Xunit;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// One radosgw (S3 + STS) and one Azurite for the whole test run, started through the project's scripts on free
/// ports in a private folder and stopped by PID at the end.
/// </summary>
public sealed class ServersFixture : IAsyncLifetime
{
    private readonly string folder;
    private readonly IReadOnlyDictionary<string, string> rgwEnvironment;

    public ServersFixture()
        : this(new Dictionary<string, string>(), string.Empty)
    {
    }

    /// <summary>
    /// A second set of servers in its own folder, radosgw started with <paramref name="rgwEnvironment"/> (e.g.
    /// RGW_KMS_TEST_KEYS, RGW_TLS_CERT); <paramref name="caCertificate"/> is the CA of its HTTPS certificate.
    /// </summary>
    internal ServersFixture(IReadOnlyDictionary<string, string> rgwEnvironment, string name, string? caCertificate = null)
    {
        this.rgwEnvironment = rgwEnvironment;
        this.CaCertificate = caCertificate;
        this.folder = Path.Combine(Path.GetTempPath(), "orchestrator-it-" + Environment.ProcessId + (name.Length == 0 ? string.Empty : "-" + name));
    }

    public string RgwDir => Path.Combine(this.folder, "rgw");

    public string AzuriteDir => Path.Combine(this.folder, "azurite");

    public string S3Endpoint { get; private set; } = string.Empty;

    /// <summary>The PEM file of the CA that signed radosgw's HTTPS certificate (<c>S3:CaCertificate</c>); null over plain HTTP.</summary>
    public string? CaCertificate { get; }

    public string AccessKey { get; private set; } = string.Empty;

    public string SecretKey { get; private set; } = string.Empty;

    public string RoleArn { get; private set; } = string.Empty;

    public string StorageConnectionString { get; private set; } = string.Empty;

    public S3Options S3Options => new()
    {
        ServiceUrl = this.S3Endpoint,
        StsServiceUrl = this.S3Endpoint,
        CaCertificate = this.CaCertificate,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        ChecksumsWhenRequiredOnly = true,
        MaxErrorRetry = 1,
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(this.folder);
        await Repo.RunScriptAsync("install-deps.sh");
        var rgw = Repo.RunScriptAsync(this.rgwEnvironment, "rgw-up.sh", this.RgwDir);
        var azurite = Repo.RunScriptAsync("azurite-up.sh", this.AzuriteDir);
        await Task.WhenAll(rgw, azurite);

        var rgwEnv = Repo.ReadEnvFile(Path.Combine(this.RgwDir, "env"));
        this.S3Endpoint = rgwEnv["RGW_ENDPOINT"];
        this.AccessKey = rgwEnv["RGW_ACCESS_KEY"];
        this.SecretKey = rgwEnv["RGW_SECRET_KEY"];
        this.RoleArn = rgwEnv["RGW_ROLE_ARN"];
        this.StorageConnectionString = Repo.ReadEnvFile(Path.Combine(this.AzuriteDir, "env"))["AZURITE_CONNECTION_STRING"];
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(Repo.RunScriptAsync("rgw-down.sh", this.RgwDir), Repo.RunScriptAsync("azurite-down.sh", this.AzuriteDir));
        try
        {
            Directory.Delete(this.folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is in the temp directory.
        }
    }

    /// <summary>An S3 client with the radosgw user's own keys (for setting up buckets and checking results).</summary>
    public AmazonS3Client AdminS3() =>
        new(new BasicAWSCredentials(this.AccessKey, this.SecretKey), S3ClientProvider.CreateConfig(this.S3Options, "us-east-1"));

    /// <summary>Puts a customer's file at <paramref name="key"/> under the destination's bucket path, as the customer would.</summary>
    public async Task PutUnderAsync(Destination destination, string key, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var admin = this.AdminS3();
        using var stream = new MemoryStream(content);
        await admin.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
        {
            BucketName = destination.Bucket,
            Key = BucketPath.Combine(destination.BucketPath, key),
            InputStream = stream,
        });
    }

    /// <inheritdoc cref="PutUnderAsync(Destination, string, byte[])"/>
    public Task PutUnderAsync(Destination destination, string key, string content) =>
        this.PutUnderAsync(destination, key, System.Text.Encoding.UTF8.GetBytes(content));
}
