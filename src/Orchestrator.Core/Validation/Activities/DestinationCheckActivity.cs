using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;
using Orchestrator.Credentials;
using Orchestrator.Destinations;
using Orchestrator.Domain;
using Orchestrator.Errors;
using Orchestrator.Options;
using Orchestrator.S3;
using Orchestrator.Validation.Models;

namespace Orchestrator.Validation.Activities;

/// <summary>
/// Runs one check of a connection test. Permanent outcomes (denied, missing, mismatched) are returned as a failed
/// check that names the IAM action or trust-policy change that fixes it; transient faults are thrown so the
/// orchestration retries them.
/// </summary>
public sealed class DestinationCheckActivity(
    IDestinationCredentialProvider credentials,
    IS3ClientProvider clients,
    IOptions<StsOptions> sts) : TaskActivity<DestinationCheckInput, CheckResult>
{
    public override async Task<CheckResult> RunAsync(TaskActivityContext context, DestinationCheckInput input)
    {
        var ct = CancellationToken.None;
        var destination = input.Destination;
        string probeKey = ValidationNaming.ProbeKey(destination.BucketPath, input.RunId);
        try
        {
            return input.Check switch
            {
                DestinationChecks.Credentials => await this.CheckCredentialsAsync(destination, ct),
                DestinationChecks.BucketExists => await CheckBucketAsync(clients.GetClient(destination), destination, ct),
                DestinationChecks.Region => await CheckRegionAsync(clients.GetClient(destination), destination, ct),
                DestinationChecks.ListBucket => await CheckListAsync(clients.GetClient(destination), destination, ct),
                DestinationChecks.PutObject => await CheckPutAsync(clients.GetClient(destination), destination, probeKey, input.RunId, ct),
                DestinationChecks.GetObject => await CheckGetAsync(clients.GetClient(destination), destination, probeKey, input.RunId, ct),
                DestinationChecks.MultipartUpload => await CheckMultipartAsync(clients.GetClient(destination), destination, probeKey, ct),
                DestinationChecks.DeleteObject => await CheckDeleteAsync(clients.GetClient(destination), destination, probeKey, ct),
                DestinationChecks.ObjectLock => await ObjectLockCheck.RunAsync(clients.GetClient(destination), destination, probeKey + ".lock", ct),
                _ => throw new ArgumentOutOfRangeException(nameof(input), input.Check, "Unknown check."),
            };
        }
        catch (AmazonS3Exception ex) when (BucketRegions.Discovered(ex) is { } actual)
        {
            // Whichever check meets a wrong-region answer names the right region (never a generic denial).
            return CheckResult.Fail(input.Check, BucketRegions.Advice(destination.Bucket, actual, destination.Region), "RegionMismatch", $"Change the destination's region to {actual}.");
        }
        catch (Exception ex) when (StorageErrors.IsTransient(ex) && ex is not OperationCanceledException)
        {
            throw new TransientStorageException($"Check '{input.Check}' hit a temporary fault: {ex.Message}", ex);
        }
    }

    private async Task<CheckResult> CheckCredentialsAsync(Destination destination, CancellationToken ct)
    {
        const string Name = DestinationChecks.Credentials;
        credentials.Invalidate(destination); // test what is configured now, not what was cached
        try
        {
            await credentials.GetCredentialsAsync(destination, ct);
            return CheckResult.Pass(Name, destination.AuthMethod == AuthMethod.AssumeRole
                ? $"Assumed {destination.RoleArn} with ExternalId {destination.ExternalId}."
                : "The secret access key was read from the secret store.");
        }
        catch (SecretNotFoundException)
        {
            return CheckResult.Fail(Name, "The destination's secret access key is missing from the secret store.", "SecretNotFound", "Enter the secret access key again (update the destination with secretAccessKey).");
        }
        catch (SecretAccessDeniedException)
        {
            return CheckResult.Fail(Name, "The service may not read secrets from its Key Vault.", "Forbidden", "Grant the service's managed identity the 'Key Vault Secrets User' role on the vault (an operator task, not the customer's).");
        }
        catch (AmazonSecurityTokenServiceException ex) when (ex.ErrorCode == "AccessDenied")
        {
            string principals = sts.Value.TrustedPrincipalArns.Count == 0 ? "our service principal" : string.Join(", ", sts.Value.TrustedPrincipalArns);
            return CheckResult.Fail(
                Name,
                $"AssumeRole on {destination.RoleArn} was denied: the role's trust policy does not trust {principals}, or its sts:ExternalId condition does not equal this destination's ExternalId.",
                ex.ErrorCode,
                $"Set the role's trust policy to allow sts:AssumeRole for {principals} with the condition StringEquals sts:ExternalId = \"{destination.ExternalId}\" (GET .../iam-policy returns it ready to paste).");
        }
        catch (AmazonSecurityTokenServiceException ex) when (ex.ErrorCode == "NoSuchEntity")
        {
            return CheckResult.Fail(Name, $"The role {destination.RoleArn} does not exist.", ex.ErrorCode, "Correct the role ARN, or create the role in the account it names.");
        }
        catch (AmazonServiceException ex) when (!StorageErrors.IsTransient(ex))
        {
            return CheckResult.Fail(Name, $"Credentials could not be obtained: {ex.Message}", ex.ErrorCode, "Check the destination's authentication settings.");
        }
    }

    /// <summary>
    /// Existence through GetBucketLocation: HeadBucket needs s3:ListBucket without a prefix, which a policy limited to
    /// the bucket path (as generated) rightly refuses.
    /// </summary>
    private static async Task<CheckResult> CheckBucketAsync(IAmazonS3 s3, Destination d, CancellationToken ct)
    {
        const string Name = DestinationChecks.BucketExists;
        try
        {
            await s3.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = d.Bucket }, ct);
            return CheckResult.Pass(Name, $"Bucket '{d.Bucket}' exists and is reachable.");
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound || ex.ErrorCode is "NoSuchBucket" or "NotFound")
        {
            return CheckResult.Fail(Name, $"Bucket '{d.Bucket}' does not exist.", "NoSuchBucket", "Correct the bucket name, or create the bucket.");
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "SignatureDoesNotMatch" or "InvalidAccessKeyId")
        {
            return CheckResult.Fail(Name, $"{ex.ErrorCode}: the access key id or secret access key is wrong.", ex.ErrorCode, "Enter the correct access key id and secret access key.");
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            return AccessFailure(Name, ex, d, "s3:GetBucketLocation", "arn:aws:s3:::" + d.Bucket, credentialsMayBeWrong: true);
        }
    }

    private static async Task<CheckResult> CheckRegionAsync(IAmazonS3 s3, Destination d, CancellationToken ct)
    {
        const string Name = DestinationChecks.Region;
        var location = await s3.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = d.Bucket }, ct);
        string actual = NormalizeLocation(location.Location?.Value);
        return string.Equals(actual, d.Region, StringComparison.Ordinal)
            ? CheckResult.Pass(Name, $"The bucket is in {actual}, as configured.")
            : CheckResult.Fail(Name, $"The bucket is in {actual}, not in {d.Region}.", "RegionMismatch", $"Change the destination's region to {actual}.");
    }

    private static async Task<CheckResult> CheckListAsync(IAmazonS3 s3, Destination d, CancellationToken ct)
    {
        const string Name = DestinationChecks.ListBucket;
        string prefix = d.BucketPath.Length == 0 ? string.Empty : d.BucketPath + "/";
        try
        {
            await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = d.Bucket, Prefix = prefix, MaxKeys = 1 }, ct);
            return CheckResult.Pass(Name, $"Listing s3://{d.Bucket}/{prefix} is allowed.");
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            return AccessFailure(Name, ex, d, "s3:ListBucket", "arn:aws:s3:::" + d.Bucket + (prefix.Length == 0 ? string.Empty : $" (with condition s3:prefix like \"{prefix}*\")"));
        }
    }

    private static async Task<CheckResult> CheckPutAsync(IAmazonS3 s3, Destination d, string key, string runId, CancellationToken ct)
    {
        const string Name = DestinationChecks.PutObject;
        try
        {
            await s3.PutObjectAsync(
                new PutObjectRequest
                {
                    BucketName = d.Bucket,
                    Key = key,
                    ContentBody = ProbeBody(runId),
                    ContentType = "text/plain",
                    ChecksumCRC32C = Orchestrator.Hashing.Crc32C.ToBase64(Orchestrator.Hashing.Crc32C.Compute(Encoding.UTF8.GetBytes(ProbeBody(runId)))),
                }.Apply(d),
                ct);
            return CheckResult.Pass(Name, $"Wrote probe object '{key}'{ObjectWriteProbe.Describe(d)}.");
        }
        catch (AmazonS3Exception ex) when (ObjectWriteProbe.Denied(Name, ex, d, "s3:PutObject", ObjectArn(d)) is { } denied)
        {
            return denied;
        }
    }

    private static async Task<CheckResult> CheckGetAsync(IAmazonS3 s3, Destination d, string key, string runId, CancellationToken ct)
    {
        const string Name = DestinationChecks.GetObject;
        try
        {
            using var response = await s3.GetObjectAsync(d.Bucket, key, ct);
            using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);
            string body = await reader.ReadToEndAsync(ct);
            return body != ProbeBody(runId)
                ? CheckResult.Fail(Name, "The probe object read back differs from what was written.", "ContentMismatch", "Check for bucket features that rewrite objects (e.g. object lambda) on this path.")
                : ObjectWriteProbe.ReadBackMismatch(Name, response, d)
                    ?? CheckResult.Pass(Name, d.WriteSettings.Encryption == ServerSideEncryption.None
                        ? "Read the probe object back intact."
                        : $"Read the probe object back intact, encrypted with {response.ServerSideEncryptionMethod?.Value}{(response.ServerSideEncryptionKeyManagementServiceKeyId is { Length: > 0 } k ? " (key " + k + ")" : string.Empty)}.");
        }
        catch (AmazonS3Exception ex) when (ObjectWriteProbe.Denied(Name, ex, d, "s3:GetObject", ObjectArn(d)) is { } denied)
        {
            return denied;
        }
    }

    private static async Task<CheckResult> CheckMultipartAsync(IAmazonS3 s3, Destination d, string key, CancellationToken ct)
    {
        const string Name = DestinationChecks.MultipartUpload;
        string uploadKey = key + ".multipart";
        string uploadId;
        try
        {
            uploadId = (await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = d.Bucket, Key = uploadKey, ChecksumAlgorithm = ChecksumAlgorithm.CRC32C }.Apply(d), ct)).UploadId;
        }
        catch (AmazonS3Exception ex) when (ObjectWriteProbe.Denied(Name, ex, d, "s3:PutObject", ObjectArn(d)) is { } denied)
        {
            return denied;
        }

        try
        {
            await s3.AbortMultipartUploadAsync(d.Bucket, uploadKey, uploadId, ct);
            return CheckResult.Pass(Name, "Started and aborted a multipart upload.");
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            return AccessFailure(Name, ex, d, "s3:AbortMultipartUpload", ObjectArn(d));
        }
    }

    private static async Task<CheckResult> CheckDeleteAsync(IAmazonS3 s3, Destination d, string key, CancellationToken ct)
    {
        const string Name = DestinationChecks.DeleteObject;
        try
        {
            await s3.DeleteObjectAsync(d.Bucket, key, ct);
            return CheckResult.Pass(Name, "Deleted the probe object.");
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            return AccessFailure(Name, ex, d, "s3:DeleteObject", ObjectArn(d));
        }
    }

    private static CheckResult AccessFailure(string check, AmazonS3Exception ex, Destination d, string action, string resource, bool credentialsMayBeWrong = false) =>
        CheckResult.Fail(
            check,
            $"{ex.ErrorCode ?? "AccessDenied"}: {action} on {resource} was denied.",
            ex.ErrorCode ?? "AccessDenied",
            $"Add \"{action}\" on \"{resource}\" to the {(d.AuthMethod == AuthMethod.AssumeRole ? "role's permission policy" : "IAM user's policy")}" +
            (credentialsMayBeWrong && d.AuthMethod == AuthMethod.AccessKey ? ", and check that the access key and secret key are correct." : "."));

    private static string ObjectArn(Destination d) =>
        d.BucketPath.Length == 0 ? $"arn:aws:s3:::{d.Bucket}/*" : $"arn:aws:s3:::{d.Bucket}/{d.BucketPath}/*";

    private static string ProbeBody(string runId) => $"Orchestrator connection test {runId}. Safe to delete.";

    /// <summary>GetBucketLocation answers "" for us-east-1 and "EU" for eu-west-1.</summary>
    private static string NormalizeLocation(string? location) => location switch
    {
        null or "" => "us-east-1",
        "EU" => "eu-west-1",
        _ => location,
    };
}
