using System.Text.Json.Nodes;
using Orchestrator.Domain;
using Orchestrator.Iam;

namespace Orchestrator.UnitTests.Iam;

public sealed class ObjectWriteStatementsTests
{
    private const string KeyArn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static readonly Destination Plain = new()
    {
        TenantId = "t",
        DestinationId = "d",
        Bucket = "customer-bucket",
        Region = "eu-west-1",
        BucketPath = "exports",
        AuthMethod = AuthMethod.AssumeRole,
        RoleArn = "arn:aws:iam::123456789012:role/exporter",
        ExternalId = "orch-0123456789abcdef",
    };

    [Fact]
    public void Generate_NoWriteSettings_HasNoKmsOrAclAction()
    {
        var actions = AllActions(IamPolicyGenerator.PermissionPolicy(Plain));

        Assert.DoesNotContain(actions, a => a.StartsWith("kms:", StringComparison.Ordinal));
        Assert.DoesNotContain("s3:PutObjectAcl", actions);
    }

    [Fact]
    public void Generate_KmsKeyArn_GrantsExactlyGenerateDataKeyAndDecryptOnThatKey()
    {
        var policy = IamPolicyGenerator.PermissionPolicy(Plain with { WriteSettings = new ObjectWriteSettings(ServerSideEncryption.AwsKms, KeyArn) });

        var kms = Statement(policy, ObjectWriteStatements.KmsSid);
        Assert.Equal(["kms:GenerateDataKey", "kms:Decrypt"], kms["Action"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(KeyArn, kms["Resource"]!.GetValue<string>());
        Assert.Null(kms["Condition"]);
        Assert.Equal(2, AllActions(policy).Count(a => a.StartsWith("kms:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Generate_KmsAliasArn_GrantsOnTheAccountsKeysLimitedToTheAlias()
    {
        var policy = IamPolicyGenerator.PermissionPolicy(
            Plain with { WriteSettings = new ObjectWriteSettings(ServerSideEncryption.AwsKms, "arn:aws:kms:eu-west-1:123456789012:alias/exports") });

        var kms = Statement(policy, ObjectWriteStatements.KmsSid);
        Assert.Equal("arn:aws:kms:eu-west-1:123456789012:key/*", kms["Resource"]!.GetValue<string>());
        Assert.Equal("alias/exports", kms["Condition"]!["ForAnyValue:StringEquals"]!["kms:ResourceAliases"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(ServerSideEncryption.Aes256)]
    [InlineData(ServerSideEncryption.AwsKms)]
    public void Generate_EncryptionWithoutKey_NeedsNoKmsStatement(ServerSideEncryption encryption)
    {
        var policy = IamPolicyGenerator.PermissionPolicy(Plain with { WriteSettings = new ObjectWriteSettings(encryption) });

        Assert.DoesNotContain(AllActions(policy), a => a.StartsWith("kms:", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_BucketOwnerFullControl_GrantsPutObjectAclUnderThePathForThatAclOnly()
    {
        var policy = IamPolicyGenerator.PermissionPolicy(Plain with { WriteSettings = new ObjectWriteSettings(Acl: ObjectAcl.BucketOwnerFullControl) });

        var acl = Statement(policy, ObjectWriteStatements.AclSid);
        Assert.Equal(["s3:PutObjectAcl"], acl["Action"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("arn:aws:s3:::customer-bucket/exports/*", acl["Resource"]!.GetValue<string>());
        Assert.Equal("bucket-owner-full-control", acl["Condition"]!["StringEquals"]!["s3:x-amz-acl"]!.GetValue<string>());
    }

    private static JsonObject Statement(JsonObject policy, string sid) =>
        policy["Statement"]!.AsArray().Select(s => s!.AsObject()).Single(s => s["Sid"]?.GetValue<string>() == sid);

    private static List<string> AllActions(JsonObject policy) =>
        [.. policy["Statement"]!.AsArray().SelectMany(s => s!["Action"]!.AsArray().Select(a => a!.GetValue<string>()))];
}
