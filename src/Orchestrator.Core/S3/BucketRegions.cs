using System.Net;
using System.Text.RegularExpressions;
using Amazon.Runtime.Internal;
using Amazon.S3;

namespace Orchestrator.S3;

/// <summary>
/// Region discovery from S3's own answers. A request sent to the wrong region gets 301 PermanentRedirect (HeadBucket:
/// a bare 301) with the bucket's region in <c>x-amz-bucket-region</c>, or 400 AuthorizationHeaderMalformed naming it
/// in <c>&lt;Region&gt;</c>; the region is also in the redirect's <c>&lt;Endpoint&gt;</c>. Runs fail fast with it (the
/// destination is not silently re-pointed: the customer's IAM and KMS settings are region-bound).
/// </summary>
public static partial class BucketRegions
{
    /// <summary>The header S3 puts on wrong-region answers (and on HeadBucket answers generally).</summary>
    public const string RegionHeader = "x-amz-bucket-region";

    /// <summary>The region S3 says the bucket is in, when <paramref name="exception"/> is a wrong-region answer; else null.</summary>
    public static string? Discovered(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is AmazonS3Exception s3 && IsWrongRegionAnswer(s3))
            {
                return FirstValid(HeaderOf(s3), Match(RegionElement(), s3.ResponseBody), Match(EndpointRegion(), s3.ResponseBody), Match(ExpectingRegion(), s3.Message));
            }
        }

        return null;
    }

    /// <summary>The message and fix for a run or check that met a bucket in <paramref name="actual"/>.</summary>
    public static string Advice(string bucket, string actual, string? configured) =>
        $"The bucket '{bucket}' is in region {actual}{(configured is null ? string.Empty : $", not in {configured} as the destination says")}: change the destination's region to {actual}.";

    private static bool IsWrongRegionAnswer(AmazonS3Exception s3) =>
        s3.StatusCode is HttpStatusCode.MovedPermanently or HttpStatusCode.TemporaryRedirect
        || s3.ErrorCode is "PermanentRedirect" or "AuthorizationHeaderMalformed" or "IllegalLocationConstraintException";

    private static string? HeaderOf(AmazonS3Exception s3) =>
        s3.InnerException is HttpErrorResponseException { Response: { } response } && response.IsHeaderPresent(RegionHeader)
            ? response.GetHeaderValue(RegionHeader)
            : null;

    private static string? Match(Regex regex, string? text) =>
        text is not null && regex.Match(text) is { Success: true } m ? m.Groups[1].Value : null;

    private static string? FirstValid(params string?[] candidates) =>
        candidates.FirstOrDefault(c => c is { Length: > 0 } && RegionName().IsMatch(c));

    [GeneratedRegex(@"<Region>([a-z0-9-]+)</Region>")]
    private static partial Regex RegionElement();

    [GeneratedRegex(@"<Endpoint>[^<]*?s3[.-]([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com[^<]*</Endpoint>")]
    private static partial Regex EndpointRegion();

    /// <summary>AuthorizationHeaderMalformed's message: "… the region 'us-east-1' is wrong; expecting 'eu-central-1'".</summary>
    [GeneratedRegex(@"expecting '([a-z0-9-]+)'")]
    private static partial Regex ExpectingRegion();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-\d+$")]
    private static partial Regex RegionName();
}
