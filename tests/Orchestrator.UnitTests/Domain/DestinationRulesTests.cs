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
    };

    [Fact]
    public void Validate_ValidAccessKeyDestination_ReturnsNoProblems()
    {
        Assert.Empty(DestinationRules.Validate(AccessKeyDestination));
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/exporter")]
    [InlineData("arn:aws:iam::123456789012:role/path/to/exporter")]
    [InlineData("arn:aws:iam:::role/radosgw-role")]
    [InlineData("arn:aws-us-gov:iam::123456789012:role/exporter")]
    public void Validate_ValidAssumeRoleDestination_ReturnsNoProblems(string roleArn)
    {
        Assert.Empty(DestinationRules.Validate(RoleDestination with { RoleArn = roleArn }));
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
