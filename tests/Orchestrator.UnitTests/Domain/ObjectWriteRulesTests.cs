using Orchestrator.Domain;

namespace Orchestrator.UnitTests.Domain;

public sealed class ObjectWriteRulesTests
{
    private const string KeyArn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    [Theory]
    [InlineData(KeyArn)]
    [InlineData("arn:aws:kms:eu-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab")]
    [InlineData("arn:aws:kms:eu-west-1:123456789012:alias/exports-key")]
    public void Validate_KmsWithKeyOrAliasArnOfTheRegion_ReturnsNoProblems(string key)
    {
        Assert.Empty(ObjectWriteRules.Validate(new ObjectWriteSettings(ServerSideEncryption.AwsKms, key, BucketKey: true, ObjectAcl.BucketOwnerFullControl), "eu-west-1"));
    }

    [Fact]
    public void Validate_KmsWithoutKey_UsesTheAccountDefaultAndReturnsNoProblems()
    {
        Assert.Empty(ObjectWriteRules.Validate(new ObjectWriteSettings(ServerSideEncryption.AwsKms), "eu-west-1"));
    }

    [Theory]
    [InlineData("1234abcd-12ab-34cd-56ef-1234567890ab")]
    [InlineData("alias/exports-key")]
    [InlineData("arn:aws:kms:eu-west-1:123456789012:key/not-a-key-id")]
    [InlineData("arn:aws:kms:eu-west-1:1234:key/1234abcd-12ab-34cd-56ef-1234567890ab")]
    [InlineData(KeyArn + "\n")]
    [InlineData("arn:aws:s3:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")]
    public void Validate_MalformedKey_NamesKmsKeyId(string key)
    {
        var problems = ObjectWriteRules.Validate(new ObjectWriteSettings(ServerSideEncryption.AwsKms, key), "eu-west-1");

        Assert.Equal(["kmsKeyId"], problems.Keys);
        Assert.Contains("key ARN", problems["kmsKeyId"], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyOfAnotherRegion_NamesBothRegions()
    {
        var problems = ObjectWriteRules.Validate(new ObjectWriteSettings(ServerSideEncryption.AwsKms, KeyArn), "us-east-1");

        Assert.Contains("'eu-west-1'", problems["kmsKeyId"], StringComparison.Ordinal);
        Assert.Contains("'us-east-1'", problems["kmsKeyId"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arn:aws-cn:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "eu-west-1", "'aws'")]
    [InlineData("arn:aws:kms:cn-north-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "cn-north-1", "'aws-cn'")]
    [InlineData("arn:aws:kms:us-gov-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", "us-gov-west-1", "'aws-us-gov'")]
    public void Validate_KeyOfAnotherPartition_NamesTheRegionsPartition(string key, string region, string partition)
    {
        var problems = ObjectWriteRules.Validate(new ObjectWriteSettings(ServerSideEncryption.AwsKms, key), region);

        Assert.Contains(partition, problems["kmsKeyId"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ServerSideEncryption.None)]
    [InlineData(ServerSideEncryption.Aes256)]
    public void Validate_KeyOrBucketKeyWithoutKms_NamesBoth(ServerSideEncryption encryption)
    {
        var problems = ObjectWriteRules.Validate(new ObjectWriteSettings(encryption, KeyArn, BucketKey: true), "eu-west-1");

        Assert.Equal(["bucketKey", "kmsKeyId"], problems.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("none", ServerSideEncryption.None)]
    [InlineData(null, ServerSideEncryption.None)]
    [InlineData("AES256", ServerSideEncryption.Aes256)]
    [InlineData("aws:kms", ServerSideEncryption.AwsKms)]
    public void TryParseEncryption_KnownNames_RoundTrip(string? text, ServerSideEncryption expected)
    {
        Assert.True(ObjectWriteSettings.TryParseEncryption(text, out var parsed));
        Assert.Equal(expected, parsed);
        Assert.True(ObjectWriteSettings.TryParseEncryption(ObjectWriteSettings.EncryptionName(parsed), out var again));
        Assert.Equal(expected, again);
    }

    [Theory]
    [InlineData("aws:kms:dsse")]
    [InlineData("SSE-C")]
    public void TryParseEncryption_UnknownName_ReturnsFalse(string text)
    {
        Assert.False(ObjectWriteSettings.TryParseEncryption(text, out _));
    }

    [Fact]
    public void TryParseAcl_OnlyBucketOwnerFullControlOrNone()
    {
        Assert.True(ObjectWriteSettings.TryParseAcl("bucket-owner-full-control", out var acl));
        Assert.Equal(ObjectAcl.BucketOwnerFullControl, acl);
        Assert.False(ObjectWriteSettings.TryParseAcl("public-read", out _));
    }

    [Fact]
    public void DestinationRules_Validate_IncludesWriteSettingProblems()
    {
        var destination = new Destination
        {
            TenantId = "t",
            DestinationId = "d",
            Bucket = "bucket",
            Region = "us-east-1",
            AuthMethod = AuthMethod.AccessKey,
            AccessKeyId = "AKIAEXAMPLE",
            SecretName = "s",
            WriteSettings = new ObjectWriteSettings(ServerSideEncryption.AwsKms, KeyArn),
        };

        Assert.Equal(["kmsKeyId"], DestinationRules.Validate(destination).Keys);
    }
}
