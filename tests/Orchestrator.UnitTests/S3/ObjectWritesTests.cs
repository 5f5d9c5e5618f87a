using Amazon.S3;
using Amazon.S3.Model;
using Orchestrator.Domain;
using Orchestrator.S3;

namespace Orchestrator.UnitTests.S3;

public sealed class ObjectWritesTests
{
    private const string KeyArn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static readonly Destination Plain = new()
    {
        TenantId = "t",
        DestinationId = "d",
        Bucket = "bucket",
        Region = "us-east-1",
    };

    [Fact]
    public void Apply_DefaultSettings_SetsNoEncryptionOrAclHeader()
    {
        var put = new PutObjectRequest().Apply(Plain);
        var create = new InitiateMultipartUploadRequest().Apply(Plain);

        Assert.Null(put.ServerSideEncryptionMethod);
        Assert.Null(put.CannedACL);
        Assert.Null(put.BucketKeyEnabled);
        Assert.Null(create.ServerSideEncryptionMethod);
        Assert.Null(create.CannedACL);
    }

    [Fact]
    public void Apply_KmsKeyBucketKeyAndAcl_SetOnPutAndCreateMultipartUpload()
    {
        var destination = Plain with { WriteSettings = new ObjectWriteSettings(ServerSideEncryption.AwsKms, KeyArn, BucketKey: true, ObjectAcl.BucketOwnerFullControl) };

        var put = new PutObjectRequest().Apply(destination);
        var create = new InitiateMultipartUploadRequest().Apply(destination);

        Assert.Equal(ServerSideEncryptionMethod.AWSKMS, put.ServerSideEncryptionMethod);
        Assert.Equal(KeyArn, put.ServerSideEncryptionKeyManagementServiceKeyId);
        Assert.True(put.BucketKeyEnabled);
        Assert.Equal(S3CannedACL.BucketOwnerFullControl, put.CannedACL);
        Assert.Equal(ServerSideEncryptionMethod.AWSKMS, create.ServerSideEncryptionMethod);
        Assert.Equal(KeyArn, create.ServerSideEncryptionKeyManagementServiceKeyId);
        Assert.True(create.BucketKeyEnabled);
        Assert.Equal(S3CannedACL.BucketOwnerFullControl, create.CannedACL);
    }

    [Fact]
    public void Apply_Aes256_SetsSseS3WithoutKey()
    {
        var put = new PutObjectRequest().Apply(Plain with { WriteSettings = new ObjectWriteSettings(ServerSideEncryption.Aes256) });

        Assert.Equal(ServerSideEncryptionMethod.AES256, put.ServerSideEncryptionMethod);
        Assert.Null(put.ServerSideEncryptionKeyManagementServiceKeyId);
    }
}
