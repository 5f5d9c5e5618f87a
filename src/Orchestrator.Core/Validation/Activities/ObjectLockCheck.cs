using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Orchestrator.Domain;
using Orchestrator.Validation.Models;

namespace Orchestrator.Validation.Activities;

/// <summary>
/// The connection test's Object Lock check. It reads the bucket's Object Lock configuration where the policy allows
/// (s3:GetBucketObjectLockConfiguration); otherwise it writes a probe without any integrity header, which an Object
/// Lock bucket refuses (400 InvalidRequest naming Content-MD5). It never fails the test: every upload of ours carries
/// an <c>x-amz-checksum-crc32c</c> header, which Object Lock buckets accept; the result tells the customer what we saw.
/// </summary>
internal static class ObjectLockCheck
{
    private const string Name = DestinationChecks.ObjectLock;

    public static async Task<CheckResult> RunAsync(IAmazonS3 s3, Destination d, string probeKey, CancellationToken ct)
    {
        try
        {
            var response = await s3.GetObjectLockConfigurationAsync(new GetObjectLockConfigurationRequest { BucketName = d.Bucket }, ct);
            var configuration = response.ObjectLockConfiguration;
            return configuration?.ObjectLockEnabled == ObjectLockEnabled.Enabled
                ? Enabled(d, Describe(configuration.Rule?.DefaultRetention))
                : Disabled(d);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "ObjectLockConfigurationNotFoundError" || ex.StatusCode == HttpStatusCode.NotFound)
        {
            return Disabled(d);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotImplemented || ex.ErrorCode is "NotImplemented" or "MethodNotAllowed")
        {
            return await ProbeAsync(s3, d, probeKey, ct);
        }
    }

    private static async Task<CheckResult> ProbeAsync(IAmazonS3 s3, Destination d, string probeKey, CancellationToken ct)
    {
        try
        {
            await s3.PutObjectAsync(
                new PutObjectRequest
                {
                    BucketName = d.Bucket,
                    Key = probeKey,
                    ContentBody = "Orchestrator Object Lock probe. Safe to delete.",
                    ContentType = "text/plain",
                    DisableDefaultChecksumValidation = true, // no checksum header of the SDK's own: that is the probe
                },
                ct);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.BadRequest && ex.ErrorCode == "InvalidRequest"
            && (ex.Message?.Contains("Content-MD5", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return Enabled(d, "read from a probe upload without integrity header, which the bucket refused");
        }

        await s3.DeleteObjectAsync(d.Bucket, probeKey, ct);
        return CheckResult.Pass(Name, $"Object Lock is not enforced on bucket '{d.Bucket}': a probe upload without integrity header was accepted (s3:GetBucketObjectLockConfiguration is not granted, so the configuration itself was not read).");
    }

    private static CheckResult Enabled(Destination d, string detail) => CheckResult.Pass(
        Name,
        $"Object Lock is enabled on bucket '{d.Bucket}' ({detail}). Every upload of ours carries an x-amz-checksum-crc32c header, which such buckets require; objects under retention cannot be deleted before it ends (deleting one only adds a delete marker).");

    private static CheckResult Disabled(Destination d) => CheckResult.Pass(Name, $"Object Lock is not enabled on bucket '{d.Bucket}'.");

    private static string Describe(DefaultRetention? retention) => retention switch
    {
        null => "no default retention",
        { Days: > 0 } => $"default retention {retention.Mode} for {retention.Days} days",
        { Years: > 0 } => $"default retention {retention.Mode} for {retention.Years} years",
        _ => $"default retention {retention.Mode}",
    };
}
