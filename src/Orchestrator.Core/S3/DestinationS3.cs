using Amazon.S3;
using Orchestrator.Credentials;
using Orchestrator.Destinations;
using Orchestrator.Domain;
using Orchestrator.Errors;

namespace Orchestrator.S3;

/// <summary>
/// What every S3 activity needs first: the destination (by reference) and its cached client. It also turns SDK
/// errors into transient/permanent ones and drops cached credentials that S3 says have expired.
/// </summary>
public sealed class DestinationS3(DestinationResolver destinations, IS3ClientProvider clients, IDestinationCredentialProvider credentials)
{
    public async Task<(Destination Destination, IAmazonS3 Client)> OpenAsync(string tenantId, string destinationId, CancellationToken cancellationToken)
    {
        var destination = await destinations.ResolveAsync(tenantId, destinationId, cancellationToken);
        return (destination, clients.GetClient(destination));
    }

    /// <summary>Translates <paramref name="exception"/>; call as <c>throw s3.Fail(...)</c>.</summary>
    public Exception Fail(Exception exception, Destination destination, string operation, string? key = null)
    {
        if (exception is AmazonS3Exception { ErrorCode: "ExpiredToken" or "InvalidToken" })
        {
            credentials.Invalidate(destination);
        }

        return StorageErrors.Translate(exception, operation, destination.Bucket, key);
    }
}
