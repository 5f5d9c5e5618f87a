using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.DurableTask.Client;
using Orchestrator.Exports.Models;
using Orchestrator.Iam;
using Orchestrator.IntegrationTests.Infrastructure;
using Orchestrator.IntegrationTests.Infrastructure.S3Front;
using Orchestrator.Reports;
using Orchestrator.Runner.Cli;
using Orchestrator.Runner.Hosting;
using Orchestrator.S3;
using Xunit;

namespace Orchestrator.IntegrationTests.Destinations;

/// <summary>
/// Enterprise buckets on a radosgw with SSE-KMS (<see cref="KmsServersFixture"/>): every object we write carries the
/// destination's encryption and ACL, a bucket policy that requires encryption refuses an unencrypted export at once
/// and names itself, and the generated role policy is enough to export encrypted through AssumeRole. What radosgw 16
/// cannot show is written down in docs/enterprise-buckets.md.
/// </summary>
[Collection(KmsServersCollection.Name)]
public sealed class EnterpriseBucketTests(KmsServersFixture kms)
{
    private static readonly DateOnly Day = new(2026, 11, 24);

    private ServersFixture Servers => kms.Servers;

    [Fact]
    public async Task Export_SseKmsBucketKeyAndAclThroughAssumeRoleWithTheGeneratedPolicy_EveryObjectEncryptedWithTheKey()
    {
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(this.Servers, MultipartSettings(port));
        using var http = TestIssuer.Http(port);
        string bucket = "kms-role-" + runner.Tenant;
        string role = "Kms" + runner.Tenant;
        using (var admin = this.Servers.AdminS3())
        {
            await admin.PutBucketAsync(bucket);
        }

        await this.CreateRoleAsync(role);
        using var created = await http.PostAsJsonAsync($"api/tenants/{runner.Tenant}/destinations", new
        {
            destinationId = "kms",
            authMethod = "assumeRole",
            bucket,
            region = "us-east-1",
            bucketPath = "exports",
            roleArn = $"arn:aws:iam:::role/{role}",
            serverSideEncryption = "aws:kms",
            kmsKeyId = KmsServersFixture.KeyArn,
            bucketKey = true,
            cannedAcl = "bucket-owner-full-control",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var view = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("aws:kms", view.GetProperty("serverSideEncryption").GetString());
        Assert.Equal(KmsServersFixture.KeyArn, view.GetProperty("kmsKeyId").GetString());
        Assert.True(view.GetProperty("bucketKey").GetBoolean());
        Assert.Equal("bucket-owner-full-control", view.GetProperty("cannedAcl").GetString());

        var policies = await http.GetFromJsonAsync<JsonElement>($"api/tenants/{runner.Tenant}/destinations/kms/iam-policy");
        var permission = JsonNode.Parse(policies.GetProperty("permissionPolicy").GetRawText())!.AsObject();
        var statements = permission["Statement"]!.AsArray();
        var kmsStatement = statements.Single(s => s!["Sid"]?.GetValue<string>() == ObjectWriteStatements.KmsSid)!;
        Assert.Equal(KmsServersFixture.KeyArn, kmsStatement["Resource"]!.GetValue<string>());
        Assert.Contains(statements, s => s!["Sid"]?.GetValue<string>() == ObjectWriteStatements.AclSid);

        // radosgw 16 refuses any role policy naming a kms: action ("failed to parse perm policy"); it does not evaluate KMS
        // permissions at all (its testing backend has no IAM). The S3 statements are applied as generated.
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => this.PutRolePolicyAsync(role, permission));
        Assert.Contains("failed to parse perm policy", refused.Message, StringComparison.Ordinal);
        var withoutKms = (JsonObject)permission.DeepClone();
        withoutKms["Statement"]!.AsArray().Remove(withoutKms["Statement"]!.AsArray().Single(s => s!["Sid"]?.GetValue<string>() == ObjectWriteStatements.KmsSid));
        await this.PutRolePolicyAsync(role, withoutKms);

        var run = await runner.RunExportAsync(new ExportRequest(runner.Tenant, "kms", "sessions", Day));

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
        var result = run.ReadOutputAs<ExportResult>()!;
        Assert.True(result.Parts > 1, $"{result.Parts} part(s)");
        using var reader = this.Servers.AdminS3();
        foreach (string key in new[] { result.ObjectKey, result.ManifestKey })
        {
            var head = await reader.GetObjectMetadataAsync(bucket, key);
            Assert.Equal(ServerSideEncryptionMethod.AWSKMS, head.ServerSideEncryptionMethod);
            Assert.Equal(KmsServersFixture.KeyArn, head.ServerSideEncryptionKeyManagementServiceKeyId);
        }

        Assert.True((await ExportVerifier.VerifyAsync(reader, result, new ReportLocator(runner.Tenant, "sessions", Day), CancellationToken.None)).IsValid);

        var validation = await ValidateAsync(http, runner.Tenant, "kms");
        Assert.True(validation.GetProperty("passed").GetBoolean(), validation.ToString());
        var put = validation.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "putObject");
        Assert.Contains("ACL bucket-owner-full-control", put.GetProperty("message").GetString(), StringComparison.Ordinal); // the ACL was accepted
        var get = validation.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "getObject");
        Assert.Contains("aws:kms", get.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(KmsServersFixture.KeyArn, get.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_BucketOwnerFullControlIntoAnotherUsersBucket_OwnerGetsFullControlOfEveryObject()
    {
        await using var runner = await RunnerSession.StartAsync(this.Servers, new Dictionary<string, string?> { ["Reports:SyntheticRows"] = "3000" });
        string owner = "owner" + runner.Tenant;
        string bucket = "owned-" + runner.Tenant;
        string ownerKey = "AKIAOWNER" + runner.Tenant.ToUpperInvariant();
        await Repo.RunScriptAsync(
            "rgw-admin.sh", this.Servers.RgwDir, "user", "create", $"--uid={owner}", "--display-name=Bucket owner", $"--access-key={ownerKey}", "--secret-key=ownerSecret");
        using var ownerS3 = new AmazonS3Client(new BasicAWSCredentials(ownerKey, "ownerSecret"), S3ClientProvider.CreateConfig(this.Servers.S3Options, "us-east-1"));
        await ownerS3.PutBucketAsync(bucket);
        await ownerS3.PutBucketPolicyAsync(bucket, JsonSerializer.Serialize(new
        {
            Version = "2012-10-17",
            Statement = new[]
            {
                new
                {
                    Effect = "Allow",
                    Principal = new { AWS = new[] { "arn:aws:iam:::user/tester" } },
                    Action = new[] { "s3:PutObject", "s3:GetObject", "s3:PutObjectAcl", "s3:GetObjectAcl", "s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:AbortMultipartUpload" },
                    Resource = new[] { $"arn:aws:s3:::{bucket}", $"arn:aws:s3:::{bucket}/*" },
                },
            },
        }));
        var destination = await runner.CreateDestinationAsync(
            DestinationCommand.Draft(runner.Tenant, "owned", bucket, "us-east-1", "exports", this.Servers.AccessKey, this.Servers.SecretKey, roleArn: null)
                with { WriteSettings = new Orchestrator.Domain.ObjectWriteSettings(Acl: Orchestrator.Domain.ObjectAcl.BucketOwnerFullControl) });

        var run = await runner.RunExportAsync(runner.Request(destination));

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
        var result = run.ReadOutputAs<ExportResult>()!;
        using var writer = this.Servers.AdminS3();
        foreach (string key in new[] { result.ObjectKey, result.ManifestKey })
        {
            var acl = await writer.GetObjectAclAsync(new GetObjectAclRequest { BucketName = bucket, Key = key });
            Assert.Contains(acl.Grants, g => g.Grantee.CanonicalUser == owner && g.Permission == S3Permission.FULL_CONTROL);
            using var read = await ownerS3.GetObjectAsync(bucket, key); // the bucket owner can read what we wrote
            Assert.Equal(HttpStatusCode.OK, read.HttpStatusCode);
        }
    }

    [Fact]
    public async Task Export_UnencryptedIntoBucketWhosePolicyRequiresKms_FailsAtCreateMultipartUploadNamingTheBucketPolicyAndLeavesNothing()
    {
        await using var runner = await RunnerSession.StartAsync(this.Servers, new Dictionary<string, string?> { ["Reports:SyntheticRows"] = "3000" });
        string bucket = "requires-kms-" + runner.Tenant;
        var destination = await runner.AddAccessKeyDestinationAsync(this.Servers, bucket, path: "exports");
        using var admin = this.Servers.AdminS3();
        await admin.PutBucketPolicyAsync(bucket, RequireKmsPolicy(bucket));
        // The denied put goes on a client of its own whose connections end with it: radosgw 16 answers a PutObject it
        // denies before "100 Continue" and keeps the connection open without reading the body the SDK sends anyway,
        // so the next request on that connection is answered 400 BadRequest (docs/enterprise-buckets.md, TLS).
        var ownConnections = S3ClientProvider.CreateConfig(this.Servers.S3Options, "us-east-1");
        ownConnections.CacheHttpClient = false;
        using (var denied = new AmazonS3Client(new BasicAWSCredentials(this.Servers.AccessKey, this.Servers.SecretKey), ownConnections))
        {
            var plainPut = await Assert.ThrowsAsync<AmazonS3Exception>(() => denied.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "exports/plain.txt", ContentBody = "x" }));
            Assert.Equal("AccessDenied", plainPut.ErrorCode); // the policy is in force for PutObject
        }

        await admin.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "exports/encrypted.txt", ContentBody = "x", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS, ServerSideEncryptionKeyManagementServiceKeyId = KmsServersFixture.KeyArn });
        await admin.DeleteObjectAsync(bucket, "exports/encrypted.txt");

        var run = await runner.RunExportAsync(runner.Request(destination));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        string error = run.FailureDetails!.ErrorMessage;
        Assert.StartsWith("CreateMultipartUpload on ", error, StringComparison.Ordinal);
        Assert.Contains("AccessDenied (403)", error, StringComparison.Ordinal);
        Assert.Contains("bucket policy", error, StringComparison.Ordinal);
        Assert.Contains("s3:x-amz-server-side-encryption", error, StringComparison.Ordinal);
        Assert.Contains("serverSideEncryption", error, StringComparison.Ordinal);
        var uploads = await admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
        Assert.Empty(uploads.MultipartUploads ?? []);
        var objects = await admin.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Empty(objects.S3Objects ?? []);
    }

    [Fact]
    public async Task Export_BucketPolicyRequiringTheKmsKey_EncryptedMultipartAcceptedUnencryptedDeniedNamingThePolicy()
    {
        // radosgw 16 cannot evaluate this policy on multi-part uploads (docs/enterprise-buckets.md); the S3 front in
        // front of it evaluates it as AWS documents, and radosgw stores and encrypts what passes.
        await using var front = await S3FrontResponder.StartAsync(this.Servers.S3Endpoint, this.Servers.CaCertificate);
        var settings = MultipartSettings(FreePort.Next());
        settings["S3:ServiceUrl"] = front.ServiceUrl;
        await using var runner = await RunnerSession.StartAsync(this.Servers, settings);
        string bucket = "policy-kms-" + runner.Tenant;
        using var admin = this.Servers.AdminS3();
        await admin.PutBucketAsync(bucket);
        front.RequireKmsEncryption(bucket, KmsServersFixture.KeyArn);
        var encrypted = await runner.CreateDestinationAsync(
            DestinationCommand.Draft(runner.Tenant, "kms", bucket, "us-east-1", "encrypted", this.Servers.AccessKey, this.Servers.SecretKey, roleArn: null)
                with { WriteSettings = new Orchestrator.Domain.ObjectWriteSettings(Orchestrator.Domain.ServerSideEncryption.AwsKms, KmsServersFixture.KeyArn) });
        var otherKey = await runner.CreateDestinationAsync(
            DestinationCommand.Draft(runner.Tenant, "other-key", bucket, "us-east-1", "other-key", this.Servers.AccessKey, this.Servers.SecretKey, roleArn: null)
                with { WriteSettings = new Orchestrator.Domain.ObjectWriteSettings(Orchestrator.Domain.ServerSideEncryption.AwsKms, KmsServersFixture.OtherKeyArn) });
        var plain = await runner.AddAccessKeyDestinationAsync(this.Servers, bucket, path: "plain", createBucket: false);

        var accepted = await runner.RunExportAsync(runner.Request(encrypted));
        var wrongKey = await runner.RunExportAsync(runner.Request(otherKey));
        var denied = await runner.RunExportAsync(runner.Request(plain));

        Assert.True(accepted.RuntimeStatus == OrchestrationRuntimeStatus.Completed, accepted.FailureDetails?.ErrorMessage);
        var result = accepted.ReadOutputAs<ExportResult>()!;
        Assert.True(result.Parts >= 2, $"expected several parts, got {result.Parts}");
        var created = front.Requests.Where(r => r.Bucket == bucket && r.Method == "POST" && r.Key!.StartsWith("encrypted/", StringComparison.Ordinal) && r.Query.Contains("uploads", StringComparison.Ordinal)).ToList();
        Assert.Equal(200, Assert.Single(created).Status);
        foreach (string key in new[] { result.ObjectKey, result.ManifestKey })
        {
            var head = await admin.GetObjectMetadataAsync(bucket, key);
            Assert.Equal(ServerSideEncryptionMethod.AWSKMS, head.ServerSideEncryptionMethod);
            Assert.Equal(KmsServersFixture.KeyArn, head.ServerSideEncryptionKeyManagementServiceKeyId);
        }

        foreach (var (run, prefix) in new[] { (wrongKey, "other-key/"), (denied, "plain/") })
        {
            Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
            string error = run.FailureDetails!.ErrorMessage;
            Assert.StartsWith("CreateMultipartUpload on ", error, StringComparison.Ordinal);
            Assert.Contains("The bucket policy denies s3:PutObject", error, StringComparison.Ordinal);
            var objects = await admin.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix });
            Assert.Empty(objects.S3Objects ?? []);
        }

        Assert.Contains("serverSideEncryption", denied.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty((await admin.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket })).MultipartUploads ?? []);
    }

    [Fact]
    public async Task Validate_Aes256OnRadosgw16_NamesThatTheEncryptionWasNotApplied()
    {
        int port = FreePort.Next();
        await using var runner = await RunnerSession.StartAsync(this.Servers, new Dictionary<string, string?> { ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}" });
        using var http = TestIssuer.Http(port);
        string bucket = "sse-s3-" + runner.Tenant;
        using (var admin = this.Servers.AdminS3())
        {
            await admin.PutBucketAsync(bucket);
        }

        var destination = await runner.CreateDestinationAsync(
            DestinationCommand.Draft(runner.Tenant, "aes", bucket, "us-east-1", "exports", this.Servers.AccessKey, this.Servers.SecretKey, roleArn: null)
                with { WriteSettings = new Orchestrator.Domain.ObjectWriteSettings(Orchestrator.Domain.ServerSideEncryption.Aes256) });

        var report = await ValidateAsync(http, runner.Tenant, destination.DestinationId);

        var checks = report.GetProperty("checks").EnumerateArray().ToList();
        var put = checks.Single(c => c.GetProperty("name").GetString() == "putObject");
        Assert.Equal("Passed", put.GetProperty("status").GetString());
        Assert.Contains("AES256", put.GetProperty("message").GetString(), StringComparison.Ordinal);
        var get = checks.Single(c => c.GetProperty("name").GetString() == "getObject");
        Assert.Equal("Failed", get.GetProperty("status").GetString());
        Assert.Equal("EncryptionNotApplied", get.GetProperty("errorCode").GetString());
    }

    /// <summary>The policy AWS documents for "deny unencrypted uploads": a wrong header and a missing header are both denied.</summary>
    private static string RequireKmsPolicy(string bucket) => JsonSerializer.Serialize(new
    {
        Version = "2012-10-17",
        Statement = new object[]
        {
            new
            {
                Sid = "DenyIncorrectEncryptionHeader",
                Effect = "Deny",
                Principal = "*",
                Action = "s3:PutObject",
                Resource = $"arn:aws:s3:::{bucket}/*",
                Condition = new Dictionary<string, object> { ["StringNotEquals"] = new Dictionary<string, string> { ["s3:x-amz-server-side-encryption"] = "aws:kms" } },
            },
            new
            {
                Sid = "DenyUnEncryptedObjectUploads",
                Effect = "Deny",
                Principal = "*",
                Action = "s3:PutObject",
                Resource = $"arn:aws:s3:::{bucket}/*",
                Condition = new Dictionary<string, object> { ["Null"] = new Dictionary<string, string> { ["s3:x-amz-server-side-encryption"] = "true" } },
            },
        },
    });

    private static Dictionary<string, string?> MultipartSettings(int port) => new()
    {
        ["Runner:ApiUrl"] = $"http://127.0.0.1:{port}",
        ["Reports:SyntheticRows"] = "250000",
        ["Export:PartSizeMiB"] = "8",
        ["Export:Compression"] = "None",
    };

    private static async Task<JsonElement> ValidateAsync(HttpClient http, string tenant, string id)
    {
        using var response = await http.PostAsync($"api/tenants/{tenant}/destinations/{id}/validate", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<string> CreateRoleAsync(string role) => Repo.RunScriptAsync(
        "rgw-admin.sh",
        this.Servers.RgwDir,
        "role",
        "create",
        $"--role-name={role}",
        "--path=/",
        "--assume-role-policy-doc=" + JsonSerializer.Serialize(new
        {
            Version = "2012-10-17",
            Statement = new[] { new { Effect = "Allow", Principal = new { AWS = new[] { "arn:aws:iam:::user/tester" } }, Action = new[] { "sts:AssumeRole" } } },
        }));

    private Task<string> PutRolePolicyAsync(string role, JsonObject policy) => Repo.RunScriptAsync(
        "rgw-admin.sh", this.Servers.RgwDir, "role-policy", "put", $"--role-name={role}", "--policy-name=Export", "--policy-doc=" + policy.ToJsonString());
}
