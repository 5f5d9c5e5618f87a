using Orchestrator.Domain;

namespace Orchestrator.UnitTests.Domain;

public sealed class DestinationRulesTests
{
    private static readonly Destination AccessKeyDestination = new()
    {
        TenantId = "tenant-1",
        DestinationId = "dest-1",
        Bucket = "customer-exports.eu",
        Region = "eu-west-1",
        BucketPath = "insights/daily",
        AuthMethod = AuthMethod.AccessKey,
        AccessKeyId = "AKIAEXAMPLE",
        SecretName = "dest-1-secret",
    };

    private static readonly Destination RoleDestination = AccessKeyDestination with
    {
        AuthMethod = AuthMethod.AssumeRole,
        AccessKeyId = null,
        SecretName = null,
        RoleArn = "arn:aws:iam::123456789012:role/exporter",
        ExternalId = "orch-0123456789abcdef0123456789abcdef",
    };

    private static readonly RoleArnPolicy LocalSts = new(true, new HashSet<string>(StringComparer.Ordinal));

    private static readonly RoleArnPolicy Ours = new(false, new HashSet<string>(["111122223333"], StringComparer.Ordinal));

    [Fact]
    public void Validate_ValidAccessKeyDestination_ReturnsNoProblems()
    {
        Assert.Empty(DestinationRules.Validate(AccessKeyDestination));
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/exporter")]
    [InlineData("arn:aws:iam::123456789012:role/path/to/exporter")]
    public void Validate_ValidAssumeRoleDestination_ReturnsNoProblems(string roleArn)
    {
        Assert.Empty(DestinationRules.Validate(RoleDestination with { RoleArn = roleArn }));
        Assert.Empty(DestinationRules.Validate(RoleDestination with { RoleArn = roleArn }, Ours));
    }

    [Theory]
    [InlineData("arn:aws-us-gov:iam::123456789012:role/exporter", "us-gov-west-1")]
    [InlineData("arn:aws-cn:iam::123456789012:role/exporter", "cn-north-1")]
    [InlineData("arn:aws:iam::123456789012:role/exporter", "eu-central-1")]
    public void Validate_PartitionMatchesRegion_ReturnsNoProblems(string roleArn, string region)
    {
        Assert.Empty(DestinationRules.Validate(RoleDestination with { RoleArn = roleArn, Region = region }));
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/exporter", "cn-north-1", "aws-cn")]
    [InlineData("arn:aws:iam::123456789012:role/exporter", "us-gov-east-1", "aws-us-gov")]
    [InlineData("arn:aws-cn:iam::123456789012:role/exporter", "eu-west-1", "'aws'")]
    [InlineData("arn:aws-us-gov:iam::123456789012:role/exporter", "us-east-1", "'aws'")]
    public void Validate_PartitionOfAnotherRegion_ReportsRoleArnNamingThePartition(string roleArn, string region, string expected)
    {
        var problems = DestinationRules.Validate(RoleDestination with { RoleArn = roleArn, Region = region });

        Assert.Equal(["roleArn"], problems.Keys);
        Assert.Contains(expected, problems["roleArn"], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyAccount_OnlyWithLocalSts()
    {
        var radosgw = RoleDestination with { RoleArn = "arn:aws:iam:::role/radosgw-role" };

        var problems = DestinationRules.Validate(radosgw);

        Assert.Equal(["roleArn"], problems.Keys);
        Assert.Contains("12-digit", problems["roleArn"], StringComparison.Ordinal);
        Assert.Contains("S3:StsServiceUrl", problems["roleArn"], StringComparison.Ordinal);
        Assert.Empty(DestinationRules.Validate(radosgw, LocalSts));
    }

    [Fact]
    public void Validate_RoleInOneOfOurAccounts_ReportsRoleArn()
    {
        var problems = DestinationRules.Validate(RoleDestination with { RoleArn = "arn:aws:iam::111122223333:role/exporter" }, Ours);

        Assert.Equal(["roleArn"], problems.Keys);
        Assert.Contains("service's own AWS accounts", problems["roleArn"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("customer-chosen")]
    [InlineData("orch-0123456789abcdef0123456789abcdef\n")]
    [InlineData("orch-0123456789ABCDEF0123456789ABCDEF")]
    public void Validate_RoleWithoutGeneratedExternalId_ReportsExternalId(string? externalId)
    {
        var problems = DestinationRules.Validate(RoleDestination with { ExternalId = externalId }, LocalSts);

        Assert.Equal(["externalId"], problems.Keys);
    }

    [Theory]
    [InlineData("arn:aws-iso:iam::123456789012:role/exporter")]
    [InlineData("arn:awsx:iam::123456789012:role/exporter")]
    public void Validate_UnknownPartition_ReportsRoleArn(string roleArn)
    {
        Assert.Equal(["roleArn"], DestinationRules.Validate(RoleDestination with { RoleArn = roleArn }, LocalSts).Keys);
    }

    [Theory]
    [InlineData("My-Bucket")]
    [InlineData("ab")]
    [InlineData("192.168.1.1")]
    [InlineData("a..b")]
    [InlineData("bucket-")]
    [InlineData("-bucket")]
    [InlineData("bucket_name")]
    [InlineData("")]
    public void Validate_BadBucketName_ReportsBucket(string bucket)
    {
        var problems = DestinationRules.Validate(AccessKeyDestination with { Bucket = bucket });

        Assert.Equal(["bucket"], problems.Keys);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("my.bucket-1")]
    [InlineData("192.168.1.1.example")]
    public void IsValidBucketName_ValidName_ReturnsTrue(string name)
    {
        Assert.True(DestinationRules.IsValidBucketName(name));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("My-Bucket")]
    [InlineData("ab")]
    [InlineData("10.0.0.1")]
    [InlineData("a..b")]
    [InlineData("bucket-")]
    public void IsValidBucketName_InvalidName_ReturnsFalse(string? name)
    {
        Assert.False(DestinationRules.IsValidBucketName(name));
    }

    [Fact]
    public void IsValidBucketName_LengthBounds_AcceptsThreeToSixtyThree()
    {
        Assert.True(DestinationRules.IsValidBucketName(new string('a', 63)));
        Assert.False(DestinationRules.IsValidBucketName(new string('a', 64)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("EU-WEST-1")]
    [InlineData("eu-west")]
    [InlineData("europe")]
    public void Validate_BadRegion_ReportsRegion(string region)
    {
        var problems = DestinationRules.Validate(AccessKeyDestination with { Region = region });

        Assert.Equal(["region"], problems.Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("exporter")]
    [InlineData("arn:aws:iam::12345:role/exporter")]
    [InlineData("arn:aws:s3:::bucket")]
    public void Validate_BadRoleArn_ReportsRoleArn(string? roleArn)
    {
        var problems = DestinationRules.Validate(RoleDestination with { RoleArn = roleArn });

        Assert.Equal(["roleArn"], problems.Keys);
    }

    [Fact]
    public void Validate_AccessKeyWithoutKeyId_ReportsAccessKeyId()
    {
        var problems = DestinationRules.Validate(AccessKeyDestination with { AccessKeyId = " " });

        Assert.Equal(["accessKeyId"], problems.Keys);
    }

    [Fact]
    public void Validate_AccessKeyWithoutSecretName_ReportsSecretName()
    {
        var problems = DestinationRules.Validate(AccessKeyDestination with { SecretName = null });

        Assert.Equal(["secretName"], problems.Keys);
    }

    [Theory]
    [InlineData("/insights/")]
    [InlineData("a/../b")]
    public void Validate_UnnormalisedOrUnsafeBucketPath_ReportsBucketPath(string bucketPath)
    {
        var problems = DestinationRules.Validate(AccessKeyDestination with { BucketPath = bucketPath });

        Assert.Equal(["bucketPath"], problems.Keys);
    }

    [Fact]
    public void Validate_UnknownAuthMethod_ReportsAuthMethod()
    {
        var problems = DestinationRules.Validate(AccessKeyDestination with { AuthMethod = (AuthMethod)7 });

        Assert.Equal(["authMethod"], problems.Keys);
    }

    [Fact]
    public void Validate_SeveralBadFields_ReportsEachField()
    {
        var problems = DestinationRules.Validate(AccessKeyDestination with { Bucket = "B", Region = "x", SecretName = "" });

        Assert.Equal(["bucket", "region", "secretName"], problems.Keys.Order(StringComparer.Ordinal));
    }
}
