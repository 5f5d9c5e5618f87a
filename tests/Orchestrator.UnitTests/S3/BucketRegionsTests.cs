using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Orchestrator.Errors;
using Orchestrator.Runs;
using Orchestrator.S3;

namespace Orchestrator.UnitTests.S3;

/// <summary>
/// The region S3 names in a wrong-region answer without the header (AuthorizationHeaderMalformed's message); the
/// x-amz-bucket-region header path is covered against the S3 front in the integration tests.
/// </summary>
public sealed class BucketRegionsTests
{
    private const string Malformed = "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-central-1'";

    [Fact]
    public void Discovered_AuthorizationHeaderMalformed_ReadsTheExpectedRegion()
    {
        Assert.Equal("eu-central-1", BucketRegions.Discovered(new InvalidOperationException("wrapped", Answer("AuthorizationHeaderMalformed", HttpStatusCode.BadRequest, Malformed))));
    }

    [Theory]
    [InlineData("AccessDenied", HttpStatusCode.Forbidden, Malformed)]
    [InlineData("AuthorizationHeaderMalformed", HttpStatusCode.BadRequest, "expecting 'not a region'")]
    [InlineData("PermanentRedirect", HttpStatusCode.MovedPermanently, "no region named")]
    public void Discovered_NoRegionNamed_ReturnsNull(string code, HttpStatusCode status, string message) =>
        Assert.Null(BucketRegions.Discovered(Answer(code, status, message)));

    [Fact]
    public void Translate_WrongRegion_IsPermanentAndNamesTheFix()
    {
        var translated = StorageErrors.Translate(Answer("AuthorizationHeaderMalformed", HttpStatusCode.BadRequest, Malformed), "UploadPart", "my-bucket", "a/b.csv");

        var permanent = Assert.IsType<PermanentRunException>(translated);
        Assert.Contains("The bucket 'my-bucket' is in region eu-central-1: change the destination's region to eu-central-1.", permanent.Message, StringComparison.Ordinal);
    }

    private static AmazonS3Exception Answer(string code, HttpStatusCode status, string message) =>
        new(message, ErrorType.Sender, code, "request-1", status);
}
