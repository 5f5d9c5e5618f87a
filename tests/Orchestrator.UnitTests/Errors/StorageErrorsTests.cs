using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Orchestrator.Credentials;
using Orchestrator.Errors;
using Orchestrator.Runs;

namespace Orchestrator.UnitTests.Errors;

public sealed class StorageErrorsTests
{
    public static TheoryData<Exception> TransientFaults => new()
    {
        S3("SlowDown", HttpStatusCode.ServiceUnavailable),
        S3("SlowDown", HttpStatusCode.BadRequest),
        S3("ServiceUnavailable", HttpStatusCode.ServiceUnavailable),
        S3(null, HttpStatusCode.ServiceUnavailable),
        S3("SomethingElse", HttpStatusCode.InternalServerError),
        S3(null, HttpStatusCode.TooManyRequests),
        new HttpRequestException("connection reset"),
        new IOException("broken pipe"),
        new TimeoutException("timed out"),
        new TransientStorageException("already sorted"),
        new InvalidOperationException("wrapper", new IOException("inner")),
    };

    public static TheoryData<Exception> PermanentFaults => new()
    {
        S3("AccessDenied", HttpStatusCode.Forbidden),
        S3("NoSuchBucket", HttpStatusCode.NotFound),
        S3("InvalidAccessKeyId", HttpStatusCode.Forbidden),
        new PermanentRunException("already sorted"),
        new InvalidOperationException("bug"),
        new ArgumentException("bad"),
    };

    [Theory]
    [MemberData(nameof(TransientFaults))]
    public void IsTransient_RetryableFault_ReturnsTrue(Exception exception)
    {
        Assert.True(StorageErrors.IsTransient(exception));
    }

    [Theory]
    [MemberData(nameof(PermanentFaults))]
    public void IsTransient_PermanentFault_ReturnsFalse(Exception exception)
    {
        Assert.False(StorageErrors.IsTransient(exception));
    }

    [Fact]
    public void Translate_SlowDown_ReturnsTransientWrappingOriginal()
    {
        var original = S3("SlowDown", HttpStatusCode.ServiceUnavailable);

        var translated = StorageErrors.Translate(original, "UploadPart", "bucket-1", "a/b.csv");

        var transient = Assert.IsType<TransientStorageException>(translated);
        Assert.Same(original, transient.InnerException);
        Assert.Contains("UploadPart", transient.Message, StringComparison.Ordinal);
        Assert.Contains("'a/b.csv' in bucket 'bucket-1'", transient.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_AccessDeniedOnUploadPart_ReturnsPermanentNamingPutObjectAndBucket()
    {
        var original = S3("AccessDenied", HttpStatusCode.Forbidden);

        var translated = StorageErrors.Translate(original, "UploadPart", "bucket-1", "a/b.csv");

        var permanent = Assert.IsType<PermanentRunException>(translated);
        Assert.Same(original, permanent.InnerException);
        Assert.Contains("s3:PutObject", permanent.Message, StringComparison.Ordinal);
        Assert.Contains("arn:aws:s3:::bucket-1/a/b.csv", permanent.Message, StringComparison.Ordinal);
        Assert.Contains("AccessDenied (403)", permanent.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_AccessDeniedWithAnEmptyMessage_ReadsWithoutADoubleSpace()
    {
        var empty = new AmazonS3Exception(string.Empty, ErrorType.Sender, "AccessDenied", "request-1", HttpStatusCode.Forbidden);

        var translated = StorageErrors.Translate(empty, "UploadPart", "bucket-1", "a/b.csv");

        Assert.StartsWith("UploadPart on 'a/b.csv' in bucket 'bucket-1' failed: AccessDenied (403). Access denied: ", translated.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("  ", translated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_AccessDeniedOnListing_NamesListBucket()
    {
        var translated = StorageErrors.Translate(S3("AccessDenied", HttpStatusCode.Forbidden), "ListMultipartUploads", "bucket-1");

        var permanent = Assert.IsType<PermanentRunException>(translated);
        Assert.Contains("s3:ListBucket", permanent.Message, StringComparison.Ordinal);
        Assert.Contains("arn:aws:s3:::bucket-1.", permanent.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_NoSuchBucket_ReturnsPermanentNamingBucket()
    {
        var translated = StorageErrors.Translate(S3("NoSuchBucket", HttpStatusCode.NotFound), "HeadBucket", "missing-bucket");

        var permanent = Assert.IsType<PermanentRunException>(translated);
        Assert.Contains("The bucket 'missing-bucket' does not exist", permanent.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_AlreadyTranslated_ReturnsSameInstance()
    {
        var permanent = new PermanentRunException("x");
        var transient = new TransientStorageException("y");

        Assert.Same(permanent, StorageErrors.Translate(permanent, "UploadPart", "b"));
        Assert.Same(transient, StorageErrors.Translate(transient, "UploadPart", "b"));
    }

    [Fact]
    public void Translate_ServiceIdentityFailure_NamesOurStepNeverTheCustomersTrustPolicy()
    {
        var refused = new Amazon.SecurityToken.AmazonSecurityTokenServiceException("Couldn't verify", ErrorType.Sender, "InvalidIdentityToken", "r1", HttpStatusCode.BadRequest);
        var identity = new ServiceIdentityException("The service's AWS identity failed at step 'STS AssumeRoleWithWebIdentity' into arn:aws:iam::111122223333:role/svc", refused);
        var offline = new ServiceIdentityException("The service's AWS identity failed at step 'Entra ID token'", new HttpRequestException("connection refused"));

        var permanent = Assert.IsType<PermanentRunException>(StorageErrors.Translate(new AmazonClientException("signing failed", identity), "PutObject", "bucket-1", "k"));
        var transient = Assert.IsType<TransientStorageException>(StorageErrors.Translate(offline, "PutObject", "bucket-1", "k"));

        Assert.Contains("failed at step 'STS AssumeRoleWithWebIdentity'", permanent.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("trust policy must allow", permanent.Message, StringComparison.Ordinal);
        Assert.Contains("'Entra ID token'", transient.Message, StringComparison.Ordinal);
    }

    private static AmazonS3Exception S3(string? errorCode, HttpStatusCode status) =>
        new($"{errorCode} message", ErrorType.Sender, errorCode, "request-1", status);
}
