using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SecurityToken;
using Orchestrator.Credentials;
using Orchestrator.Domain;
using Orchestrator.Reports;
using Orchestrator.Runs;

namespace Orchestrator.Errors;

/// <summary>Sorts exceptions from S3, STS, the secret store and report sources into transient and permanent.</summary>
public static class StorageErrors
{
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "RequestTimeTooSkewed", "InternalError",
        "ServiceUnavailable", "RequestLimitExceeded", "IDPCommunicationError", "ExpiredToken",
    };

    /// <summary>Whether a retry has a chance of succeeding.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        TransientStorageException => true,
        PermanentRunException => false,
        AmazonServiceException service when service.ErrorCode is not null && TransientCodes.Contains(service.ErrorCode) => true,
        AmazonServiceException service => (int)service.StatusCode >= 500 || service.StatusCode == HttpStatusCode.TooManyRequests || service.StatusCode == 0,
        Azure.RequestFailedException azure => azure.Status is 0 or 408 or 429 or >= 500,
        HttpRequestException or SocketException or IOException or TimeoutException => true,
        OperationCanceledException => true,
        AmazonClientException client => client.InnerException is not null && IsTransient(client.InnerException),
        _ => exception.InnerException is not null && IsTransient(exception.InnerException),
    };

    /// <summary>
    /// Turns <paramref name="exception"/> into <see cref="TransientStorageException"/> or <see cref="PermanentRunException"/>
    /// with a message that names the operation, the bucket/key and what the customer can do.
    /// </summary>
    public static Exception Translate(Exception exception, string operation, string bucket, string? key = null) =>
        Translate(exception, operation, bucket, key, destination: null);

    /// <summary>
    /// As <see cref="Translate(Exception, string, string, string?)"/> for a call to <paramref name="destination"/>'s
    /// bucket: when it failed because its role could not be assumed, the error names STS AssumeRole, the role ARN, the
    /// ExternalId the trust policy must require and where to get the trust policy, not the S3 call that never ran.
    /// </summary>
    public static Exception Translate(Exception exception, string operation, Destination destination, string? key = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return Translate(exception, operation, destination.Bucket, key, destination);
    }

    private static Exception Translate(Exception exception, string operation, string bucket, string? key, Destination? destination)
    {
        if (exception is TransientStorageException or PermanentRunException)
        {
            return exception;
        }

        string target = key is null ? $"bucket '{bucket}'" : $"'{key}' in bucket '{bucket}'";
        if (InChain<ServiceIdentityException>(exception) is { } identity)
        {
            // Our own AWS identity failed before any customer role was tried: the operator's problem, never the customer's trust policy.
            string message = $"{operation} on {target} did not run: {identity.Message}";
            return identity.InnerException is { } cause && IsTransient(cause)
                ? new TransientStorageException(message, identity)
                : new PermanentRunException(message, identity);
        }

        if (InChain<AmazonSecurityTokenServiceException>(exception) is { } sts)
        {
            // S3 calls assume the role when they sign: the STS error is in the chain.
            return TranslateAssumeRole(sts, operation, target, destination?.AuthMethod == AuthMethod.AssumeRole ? destination : null);
        }

        if (IsTransient(exception))
        {
            return new TransientStorageException($"{operation} on {target} failed temporarily: {Describe(exception)}", exception);
        }

        if (Orchestrator.S3.BucketRegions.Discovered(exception) is { } actual)
        {
            // Fail fast with the exact fix rather than a generic denial (issue 14 item 4).
            return new PermanentRunException($"{operation} on {target} failed: {Describe(exception)} {Orchestrator.S3.BucketRegions.Advice(bucket, actual, destination?.Region)}", exception);
        }

        string advice = exception switch
        {
            AmazonS3Exception s3 when destination is not null && key is not null && ObjectAction(operation) is { } action
                && (s3.ErrorCode == "AccessDenied" || AccessDenials.IsKms(s3)) => AccessDenials.Advice(s3, action, ResourceArn(operation, bucket, key), destination),
            AmazonS3Exception { ErrorCode: "NoSuchBucket" } => $"The bucket '{bucket}' does not exist: check the bucket name and region of the destination.",
            AmazonS3Exception { ErrorCode: "InvalidAccessKeyId" } => "The access key id is not known to AWS: check the destination's access key id.",
            AmazonS3Exception { ErrorCode: "SignatureDoesNotMatch" } => "The secret key does not match the access key id: update the destination's secret key.",
            AmazonS3Exception { ErrorCode: "AccessDenied" } => $"Access denied: check the destination's credentials (access key and secret key, or role), and that they allow {RequiredAction(operation)} on {ResourceArn(operation, bucket, key)}.",
            AmazonS3Exception { ErrorCode: "PermanentRedirect" or "AuthorizationHeaderMalformed" } => "The bucket is in another region than the destination says: correct the destination's region.",
            SecretNotFoundException => "The destination's secret key is missing from the secret store: enter the secret key again.",
            SecretAccessDeniedException => "The service's identity may not read its Key Vault: an operator must grant it the 'Key Vault Secrets User' role.",
            ReportNotFoundException => "The report does not exist for that day.",
            _ => "See the error details.",
        };
        return new PermanentRunException($"{operation} on {target} failed: {Describe(exception)} {advice}", exception);
    }

    /// <summary>The first exception of type <typeparamref name="T"/> in <paramref name="exception"/>'s chain, itself included.</summary>
    private static T? InChain<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static Exception TranslateAssumeRole(AmazonSecurityTokenServiceException sts, string operation, string target, Destination? role)
    {
        string call = role is null ? "STS AssumeRole" : $"STS AssumeRole of role '{role.RoleArn}'";
        string blocked = $"so {operation} on {target} did not run";
        if (IsTransient(sts))
        {
            return new TransientStorageException($"{call} failed temporarily ({blocked}): {Describe(sts)}", sts);
        }

        string policy = role is null
            ? "GET …/destinations/{id}/iam-policy returns the trust policy to paste"
            : $"GET /api/tenants/{role.TenantId}/destinations/{role.DestinationId}/iam-policy returns the trust policy to paste";
        string externalId = role?.ExternalId is { Length: > 0 } id ? $"\"{id}\" (this destination's ExternalId)" : "the ExternalId shown for this destination";
        string advice = sts.ErrorCode switch
        {
            "NoSuchEntity" => "The IAM role does not exist: check the destination's role ARN.",
            "AccessDenied" => $"AssumeRole was denied: the role's trust policy must allow sts:AssumeRole for our principal with the condition StringEquals sts:ExternalId = {externalId}, and the role ARN must exist; {policy}.",
            _ => $"Check the destination's role ARN and the role's trust policy (sts:ExternalId = {externalId}); {policy}.",
        };
        return new PermanentRunException($"{call} failed ({blocked}): {Describe(sts)} {advice}", sts);
    }

    private static string RequiredAction(string operation) => operation switch
    {
        "ListObjectsV2" or "ListMultipartUploads" or "HeadBucket" => "s3:ListBucket (and s3:ListBucketMultipartUploads)",
        "GetObject" or "HeadObject" => "s3:GetObject",
        "DeleteObject" => "s3:DeleteObject",
        "AbortMultipartUpload" => "s3:AbortMultipartUpload",
        _ => "s3:PutObject",
    };

    /// <summary>The S3 action of an object read or write (whose denial may be the key's or the bucket policy's), or null.</summary>
    private static string? ObjectAction(string operation) => operation switch
    {
        "PutObject" or "CreateMultipartUpload" or "UploadPart" or "CompleteMultipartUpload" => "s3:PutObject",
        "GetObject" => "s3:GetObject",
        _ => null,
    };

    private static string ResourceArn(string operation, string bucket, string? key) =>
        key is null || operation is "ListObjectsV2" or "ListMultipartUploads" or "HeadBucket"
            ? $"arn:aws:s3:::{bucket}"
            : $"arn:aws:s3:::{bucket}/{key}";

    private static string Describe(Exception exception) => exception switch
    {
        // Some servers (radosgw) send an empty message (the SDK then puts the raw XML body in its own): then the code
        // and status stand alone.
        AmazonServiceException service when string.IsNullOrWhiteSpace(service.Message) || service.Message.StartsWith("The service returned an error with Error Code", StringComparison.Ordinal) => $"{service.ErrorCode ?? service.StatusCode.ToString()} ({(int)service.StatusCode}).",
        AmazonServiceException service => $"{service.ErrorCode ?? service.StatusCode.ToString()} ({(int)service.StatusCode}): {service.Message}",
        _ => exception.Message,
    };
}
