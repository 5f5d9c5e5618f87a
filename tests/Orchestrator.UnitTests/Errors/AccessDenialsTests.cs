using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Orchestrator.Domain;
using Orchestrator.Errors;
using Orchestrator.Runs;

namespace Orchestrator.UnitTests.Errors;

/// <summary>Denials as AWS words them (messages from the S3 and KMS documentation), read into the action denied and the fix.</summary>
public sealed class AccessDenialsTests
{
    private const string KeyArn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static readonly Destination Role = new()
    {
        TenantId = "acme",
        DestinationId = "enterprise",
        Bucket = "customer-bucket",
        Region = "us-east-1",
        AuthMethod = AuthMethod.AssumeRole,
        RoleArn = "arn:aws:iam::123456789012:role/exporter",
        ExternalId = "orch-0123456789abcdef",
    };

    private static readonly Destination Kms = Role with { WriteSettings = new ObjectWriteSettings(ServerSideEncryption.AwsKms, KeyArn) };

    [Fact]
    public void Translate_KmsGenerateDataKeyDeniedOnCreateMultipartUpload_NamesKmsActionAndBothGrants()
    {
        var ex = Denied("User: arn:aws:sts::123456789012:assumed-role/exporter/orch is not authorized to perform: kms:GenerateDataKey on resource: " + KeyArn + " because no identity-based policy allows the kms:GenerateDataKey action");

        var translated = Assert.IsType<PermanentRunException>(StorageErrors.Translate(ex, "CreateMultipartUpload", Kms, "exports/a.csv"));

        Assert.StartsWith("CreateMultipartUpload on 'exports/a.csv'", translated.Message, StringComparison.Ordinal);
        Assert.Contains("KMS denied kms:GenerateDataKey", translated.Message, StringComparison.Ordinal);
        Assert.Contains("\"kms:GenerateDataKey\" and \"kms:Decrypt\" on \"" + KeyArn + "\"", translated.Message, StringComparison.Ordinal);
        Assert.Contains("iam-policy", translated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_ExplicitDenyByBucketPolicyWithoutEncryption_NamesBucketPolicyAndServerSideEncryption()
    {
        var ex = Denied("User: arn:aws:sts::123456789012:assumed-role/exporter/orch is not authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::customer-bucket/exports/a.csv\" with an explicit deny in a resource-based policy");

        var translated = StorageErrors.Translate(ex, "CreateMultipartUpload", Role, "exports/a.csv");

        Assert.Contains("The bucket policy denies s3:PutObject", translated.Message, StringComparison.Ordinal);
        Assert.Contains("serverSideEncryption", translated.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("STS AssumeRole", translated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_DeniedWithoutMessageWithoutEncryption_NamesPolicyAndEncryptionAsCauses()
    {
        var ex = new AmazonS3Exception(string.Empty, ErrorType.Sender, "AccessDenied", "r", HttpStatusCode.Forbidden);

        var translated = StorageErrors.Translate(ex, "CreateMultipartUpload", Role, "exports/a.csv");

        Assert.Contains("s3:PutObject", translated.Message, StringComparison.Ordinal);
        Assert.Contains("bucket policy", translated.Message, StringComparison.Ordinal);
        Assert.Contains("s3:x-amz-server-side-encryption", translated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_DeniedWithoutMessageWithKms_NamesKmsGenerateDataKeyAmongCauses()
    {
        var ex = new AmazonS3Exception(string.Empty, ErrorType.Sender, "AccessDenied", "r", HttpStatusCode.Forbidden);

        var translated = StorageErrors.Translate(ex, "PutObject", Kms, "exports/a.json");

        Assert.Contains("kms:GenerateDataKey", translated.Message, StringComparison.Ordinal);
        Assert.Contains(KeyArn, translated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_KmsDisabled_NamesTheKeyState()
    {
        var ex = new AmazonS3Exception("arn:aws:kms:... is disabled.", ErrorType.Sender, "KMS.DisabledException", "r", HttpStatusCode.BadRequest);

        var translated = Assert.IsType<PermanentRunException>(StorageErrors.Translate(ex, "PutObject", Kms, "exports/a.json"));

        Assert.Contains("KMS refused the destination's key (KMS.DisabledException)", translated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_DeniedListing_KeepsTheListAdvice()
    {
        var ex = new AmazonS3Exception(string.Empty, ErrorType.Sender, "AccessDenied", "r", HttpStatusCode.Forbidden);

        var translated = StorageErrors.Translate(ex, "ListMultipartUploads", Kms);

        Assert.Contains("s3:ListBucket", translated.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("kms:", translated.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("User: x is not authorized to perform: kms:Decrypt on resource: y", "kms:Decrypt")]
    [InlineData("User: x is not authorized to perform: s3:PutObject on resource: y with an explicit deny", "s3:PutObject")]
    [InlineData("Access Denied", null)]
    public void DeniedAction_ReadsTheActionAwsNames(string message, string? expected)
    {
        Assert.Equal(expected, AccessDenials.DeniedAction(message));
    }

    private static AmazonS3Exception Denied(string message) => new(message, ErrorType.Sender, "AccessDenied", "request-1", HttpStatusCode.Forbidden);
}
