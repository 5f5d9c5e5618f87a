using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SecurityToken;
using Orchestrator.Credentials;
using Orchestrator.Reports;

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
        PermanentExportException => false,
        AmazonServiceException service when service.ErrorCode is not null && TransientCodes.Contains(service.ErrorCode) => true,
        AmazonServiceException service => (int)service.StatusCode >= 500 || service.StatusCode == HttpStatusCode.TooManyRequests || service.StatusCode == 0,
        Azure.RequestFailedException azure => azure.Status is 0 or 408 or 429 or >= 500,
        HttpRequestException or SocketException or IOException or TimeoutException => true,
        OperationCanceledException => true,
        AmazonClientException client => client.InnerException is not null && IsTransient(client.InnerException),
        _ => exception.InnerException is not null && IsTransient(exception.InnerException),
    };

    /// <summary>
    /// Turns <paramref name="exception"/> into <see cref="TransientStorageException"/> or <see cref="PermanentExportException"/>
    /// with a message that names the operation, the bucket/key and what the customer can do.
    /// </summary>
    public static Exception Translate(Exception exception, string operation, string bucket, string? key = null)
    {
        if (exception is TransientStorageException or PermanentExportException)
        {
            return exception;
        }

        string target = key is null ? $"bucket '{bucket}'" : $"'{key}' in bucket '{bucket}'";
        if (IsTransient(exception))
        {
            return new TransientStorageException($"{operation} on {target} failed temporarily: {Describe(exception)}", exception);
        }

        string advice = exception switch
        {
            AmazonS3Exception { ErrorCode: "NoSuchBucket" } => $"The bucket '{bucket}' does not exist: check the bucket name and region of the destination.",
            AmazonS3Exception { ErrorCode: "InvalidAccessKeyId" } => "The access key id is not known to AWS: check the destination's access key id.",
            AmazonS3Exception { ErrorCode: "SignatureDoesNotMatch" } => "The secret key does not match the access key id: update the destination's secret key.",
            AmazonS3Exception { ErrorCode: "AccessDenied" } => $"Access denied: check the destination's credentials (access key and secret key, or role), and that they allow {RequiredAction(operation)} on {ResourceArn(operation, bucket, key)}.",
            AmazonS3Exception { ErrorCode: "PermanentRedirect" or "AuthorizationHeaderMalformed" } => "The bucket is in another region than the destination says: correct the destination's region.",
            AmazonSecurityTokenServiceException { ErrorCode: "AccessDenied" } => "AssumeRole was denied: check that the role ARN exists and that its trust policy allows our principal with the ExternalId shown for this destination.",
            AmazonSecurityTokenServiceException { ErrorCode: "NoSuchEntity" } => "The IAM role does not exist: check the destination's role ARN.",
            SecretNotFoundException => "The destination's secret key is missing from the secret store: enter the secret key again.",
            SecretAccessDeniedException => "The service's identity may not read its Key Vault: an operator must grant it the 'Key Vault Secrets User' role.",
            ReportNotFoundException => "The report does not exist for that day.",
            _ => "See the error details.",
        };
        return new PermanentExportException($"{operation} on {target} failed: {Describe(exception)} {advice}", exception);
    }

    private static string RequiredAction(string operation) => operation switch
    {
        "ListObjectsV2" or "ListMultipartUploads" or "HeadBucket" => "s3:ListBucket (and s3:ListBucketMultipartUploads)",
        "GetObject" or "HeadObject" => "s3:GetObject",
        "DeleteObject" => "s3:DeleteObject",
        "AbortMultipartUpload" => "s3:AbortMultipartUpload",
        _ => "s3:PutObject",
    };

    private static string ResourceArn(string operation, string bucket, string? key) =>
        key is null || operation is "ListObjectsV2" or "ListMultipartUploads" or "HeadBucket"
            ? $"arn:aws:s3:::{bucket}"
            : $"arn:aws:s3:::{bucket}/{key}";

    private static string Describe(Exception exception) => exception switch
    {
        // Some servers (radosgw) send an empty message: then the code and status stand alone.
        AmazonServiceException service when string.IsNullOrWhiteSpace(service.Message) => $"{service.ErrorCode ?? service.StatusCode.ToString()} ({(int)service.StatusCode}).",
        AmazonServiceException service => $"{service.ErrorCode ?? service.StatusCode.ToString()} ({(int)service.StatusCode}): {service.Message}",
        _ => exception.Message,
    };
}
